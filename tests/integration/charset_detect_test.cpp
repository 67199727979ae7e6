// Charset detection through the real binary: `extract` on a saved EUC-KR page that declares nothing, and
// `once` crawling pages from the loopback fixture server that is made to send a bare `text/html` (no
// charset): an EUC-KR page without meta, a UTF-8 page whose meta says euc-kr (logged as a wrong
// declaration), and a windows-1252 page without declaration. The pages are the hand-made ones of
// tests/fixtures/charset (see its README.md).

#include <algorithm>
#include <sstream>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

std::vector<std::string> titles(const std::vector<nlohmann::json>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row.value("title", ""));
  return out;
}

const std::vector<std::string> k_korean_titles = {
    "북한, 동해상으로 탄도미사일 발사…올해 처음", "북한, 동해로 탄도미사일 발사…합참 \"500km 비행\"",
    "김정은 4차 방중 시진핑 만남", "북한 노동당 중앙위원회 정치국 확대회의"};

TEST(CharsetDetect, ExtractSavedEucKrPageWithoutAnyDeclaration_ReadsTheKoreanHeadlines) {
  TempDir dir;
  RunResult run = run_binary({"extract", "--site", "auto", "--url", "https://hanbit.example/",
                              fixture_path("charset/euc-kr-no-meta.html").string()},
                             dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto rows = json_lines(run.out);
  EXPECT_EQ(titles(rows), k_korean_titles) << run.out;
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0]["url"], "https://hanbit.example/news/2024/01/14/1000");
}

/// What one `once` of a site reading `file` said, and the titles it stored.
struct Crawled {
  RunResult once;
  std::vector<std::string> titles;  ///< sorted
};

class CharsetCrawlTest : public ::testing::Test {
 protected:
  CharsetCrawlTest() : m_site("http_server.py", {m_dir.path().string() + "/site"}) {
    for (const char* name : {"euc-kr-no-meta.html", "euc-kr-declared-utf8.html", "windows-1252-undeclared.html"})
      write_file(m_dir / "site" / name, read_file(fixture_path(std::string("charset/") + name)));
  }

  /// The URL at which the server sends `file` as plain "text/html", without a charset parameter.
  std::string served(const std::string& file) {
    return m_site.url("/with-headers/" + file + "?Content-Type=text/html");
  }

  /// A site reading `file`, crawled once into a database of its own (two pages listing the same articles would
  /// otherwise share their items).
  Crawled crawl(const std::string& file) {
    const std::string config = (m_dir / (file + ".toml")).string();
    write_file(config, "[service]\ndatabase = \"" + (m_dir / (file + ".db")).string() +
                           "\"\nper_host_delay = \"0s\"\n\n[[site]]\nname = \"news\"\nurl = \"" + served(file) +
                           "\"\n");
    Crawled out;
    out.once = run_binary({"once", "-c", config}, m_dir.path().string());
    RunResult items = run_binary({"items", "--json", "-c", config}, m_dir.path().string());
    EXPECT_EQ(items.exit_code, 0) << items.err;
    out.titles = titles(json_lines(items.out));
    std::sort(out.titles.begin(), out.titles.end());
    return out;
  }

  TempDir m_dir;
  Peer m_site;
};

std::vector<std::string> sorted(std::vector<std::string> titles) {
  std::sort(titles.begin(), titles.end());
  return titles;
}

TEST_F(CharsetCrawlTest, EucKrPageWithoutAnyDeclaration_StoredInKorean_WithNothingCalledWrong) {
  const Crawled crawled = crawl("euc-kr-no-meta.html");
  ASSERT_EQ(crawled.once.exit_code, 0) << crawled.once.out << crawled.once.err;
  EXPECT_EQ(crawled.titles, sorted(k_korean_titles));
  EXPECT_EQ(crawled.once.err.find("charset declaration wrong"), std::string::npos) << crawled.once.err;
}

TEST_F(CharsetCrawlTest, Utf8PageDeclaringEucKr_StoredAsUtf8_AndTheWrongDeclarationLogged) {
  const Crawled crawled = crawl("euc-kr-declared-utf8.html");
  ASSERT_EQ(crawled.once.exit_code, 0) << crawled.once.out << crawled.once.err;
  EXPECT_EQ(crawled.titles, sorted(k_korean_titles));
  const std::string wrong =
      "charset declaration wrong url=" + served("euc-kr-declared-utf8.html") + " declared=euc-kr read_as=UTF-8";
  EXPECT_NE(crawled.once.err.find(wrong), std::string::npos) << crawled.once.err;
}

TEST_F(CharsetCrawlTest, Windows1252PageWithoutDeclaration_KeepsItsCurlyQuotes) {
  const Crawled crawled = crawl("windows-1252-undeclared.html");
  ASSERT_EQ(crawled.once.exit_code, 0) << crawled.once.out << crawled.once.err;
  EXPECT_EQ(crawled.titles,
            sorted({"Corn prices in North Korea are surging as demand rises", "Kim Jong Un’s absolute power on display",
                    "N. Korea is dropping hints for what’s to come this year – but what?",
                    "Tracking the history of North Korea’s “Bureau 11”"}));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
