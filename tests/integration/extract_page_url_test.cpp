// `extract --site auto FILE` without --url, through the real binary: the page's own address
// (<link rel=canonical>, else og:url) is used and said on stderr, or a clear error names the missing
// --url. The page is tests/fixtures/discover/harbor-listing.html (hand-made); its variants are written by
// the tests.

#include <sstream>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

const std::string k_canonical = "<link rel=\"canonical\" href=\"https://harborgazette.example/local/\">";

std::vector<std::string> urls(const std::string& json_lines) {
  std::vector<std::string> out;
  std::istringstream in(json_lines);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line).value("url", ""));
  return out;
}

/// The hand-made listing with its canonical link replaced by `head` (a page-local variant, written to `dir`).
std::string variant(const TempDir& dir, const std::string& head) {
  std::string html = read_file(fixture_path("discover/harbor-listing.html"));
  html.replace(html.find(k_canonical), k_canonical.size(), head);
  const std::string path = (dir / "page.html").string();
  write_file(path, html);
  return path;
}

TEST(ExtractPageUrl, AutoWithoutUrl_ReadsThePageAsItsCanonicalAddress_AndSaysSo) {
  TempDir dir;
  RunResult run = run_binary({"extract", "--site", "auto", fixture_path("discover/harbor-listing.html").string()},
                             dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto found = urls(run.out);
  ASSERT_EQ(found.size(), 5u) << run.out;
  EXPECT_EQ(found[0], "https://harborgazette.example/news/2024/03/04/harbor-dredging-begins-next-week");
  EXPECT_NE(run.err.find("no --url: reading the page as https://harborgazette.example/local/"), std::string::npos)
      << run.err;
}

TEST(ExtractPageUrl, AutoWithoutUrl_FallsBackToOgUrl) {
  TempDir dir;
  const std::string page = variant(dir, "<meta property=\"og:url\" content=\"https://gazette.example/local/\">");
  RunResult run = run_binary({"extract", "--site", "auto", page}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto found = urls(run.out);
  ASSERT_FALSE(found.empty());
  EXPECT_EQ(found[0], "https://gazette.example/news/2024/03/04/harbor-dredging-begins-next-week");
  EXPECT_NE(run.err.find("reading the page as https://gazette.example/local/"), std::string::npos) << run.err;
}

TEST(ExtractPageUrl, AutoWithoutUrlOnAPageStatingNone_IsAUsageErrorNamingUrl) {
  TempDir dir;
  const std::string page = variant(dir, "");
  RunResult run = run_binary({"extract", "--site", "auto", page}, dir.path().string());
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("give the page's address with --url URL"), std::string::npos) << run.err;
  RunResult explain = run_binary({"extract", "--site", "auto", "--explain", page}, dir.path().string());
  EXPECT_EQ(explain.exit_code, 2) << explain.out << explain.err;
  EXPECT_NE(explain.err.find("--url URL"), std::string::npos) << explain.err;
}

TEST(ExtractPageUrl, GivenUrl_WinsOverTheCanonical_WithNothingSaid) {
  TempDir dir;
  RunResult run = run_binary({"extract", "--site", "auto", "--url", "https://mirror.example/local/",
                              fixture_path("discover/harbor-listing.html").string()},
                             dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(urls(run.out).at(0), "https://mirror.example/news/2024/03/04/harbor-dredging-begins-next-week");
  EXPECT_EQ(run.err.find("reading the page as"), std::string::npos) << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
