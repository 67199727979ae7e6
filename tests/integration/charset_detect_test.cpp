// Charset detection through the real binary: `extract` on a saved EUC-KR page that declares nothing, and
// `once` crawling pages from the loopback fixture server that is made to send a bare `text/html` (no
// charset): an EUC-KR page without meta, a UTF-8 page whose meta says euc-kr (logged as a wrong
// declaration), and a windows-1252 page without declaration. The pages are the hand-made ones of
// tests/fixtures/charset (see its README.md).

#include <sstream>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {

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
  EXPECT_EQ(rows[0]["url"], "https://hanbit.example/news/2024/01/14/2001");
}

class CharsetCrawlTest : public ::testing::Test {
 protected:
  CharsetCrawlTest() : m_site("http_server.py", {m_dir.path().string() + "/site"}) {
    for (const char* name : {"euc-kr-no-meta.html", "euc-kr-declared-utf8.html", "windows-1252-undeclared.html"})
      write_file(m_dir / "site" / name, read_file(fixture_path(std::string("charset/") + name)));
    m_config = (m_dir / "newswatch.toml").string();
    std::string text = "[service]\ndatabase = \"" + (m_dir / "nw.db").string() + "\"\nper_host_delay = \"0s\"\n";
    for (const auto& [site, file] :
         {std::pair{"hanbit", "euc-kr-no-meta.html"}, std::pair{"hanbit-utf8", "euc-kr-declared-utf8.html"},
          std::pair{"review", "windows-1252-undeclared.html"}})
      text += std::string("\n[[site]]\nname = \"") + site + "\"\nurl = \"" + served(file) + "\"\n";
    write_file(m_config, text);
  }

  /// The URL at which the server sends `file` as plain "text/html", without a charset parameter.
  std::string served(const std::string& file) {
    return m_site.url("/with-headers/" + file + "?Content-Type=text/html");
  }

  std::vector<nlohmann::json> items(const std::string& site) {
    RunResult run = run_binary({"items", "--site", site, "--json", "-c", m_config}, m_dir.path().string());
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return json_lines(run.out);
  }

  TempDir m_dir;
  Peer m_site;
  std::string m_config;
};

TEST_F(CharsetCrawlTest, PagesWithoutOrWithWrongDeclarations_AreStoredAsTheirTextReads) {
  RunResult once = run_binary({"once", "-c", m_config}, m_dir.path().string());
  ASSERT_EQ(once.exit_code, 0) << once.out << once.err;

  // items lists newest first: the listing's order is newest first too.
  EXPECT_EQ(titles(items("hanbit")), k_korean_titles);
  EXPECT_EQ(titles(items("hanbit-utf8")), k_korean_titles);
  const auto review = titles(items("review"));
  EXPECT_NE(std::find(review.begin(), review.end(), "Tracking the history of North Korea’s “Bureau 11”"), review.end())
      << nlohmann::json(review).dump();

  // The wrong meta is said once, with the page's URL; the pages that declare nothing are not "wrong".
  const std::string wrong =
      "charset declaration wrong url=" + served("euc-kr-declared-utf8.html") + " declared=euc-kr read_as=UTF-8";
  EXPECT_NE(once.err.find(wrong), std::string::npos) << once.err;
  EXPECT_EQ(once.err.find("charset declaration wrong url=" + served("euc-kr-no-meta.html")), std::string::npos);
}

}  // namespace
}  // namespace newswatch::test
