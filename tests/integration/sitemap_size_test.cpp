// A full news sitemap is larger than a page: 50,000 URLs of ordinary length are past the default 8 MB
// max_body_size. A site read by the sitemap extractor takes up to the protocol's 50 MB
// (crawler/body_limit.h); every other site keeps max_body_size. The sitemap is generated here at run
// time (dates relative to now) and served by the loopback fixture server; nothing is committed.

#include <ctime>

#include <fmt/format.h>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr int k_urls = 50000;
constexpr int k_recent = 40;  ///< the newest entries, published within the last hours; the rest are a month old

/// A news sitemap of k_urls entries on `base`, the first k_recent of them recent.
std::string big_sitemap(const std::string& base) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  const std::string recent_date = iso_ago(3600), old_date = iso_ago(30 * 86400);
  for (int i = 0; i < k_urls; ++i)
    out += fmt::format(
        "<url><loc>{0}/news/2024/world/story-number-{1}-about-the-harbor-and-the-ferry-timetable</loc>"
        "<news:news><news:publication><news:name>Wire</news:name><news:language>en</news:language>"
        "</news:publication><news:publication_date>{2}</news:publication_date>"
        "<news:title>Story number {1} about the harbor</news:title></news:news></url>\n",
        base, i, i < k_recent ? recent_date : old_date);
  return out + "</urlset>\n";
}

class SitemapSizeTest : public ::testing::Test {
 protected:
  SitemapSizeTest() : m_site("http_server.py", {m_dir.path().string() + "/site"}) {
    m_sitemap = big_sitemap(m_site.url(""));
    write_file(m_dir / "site" / "news.xml", m_sitemap);
  }

  RunResult once_with(const std::string& extractor) {
    const std::string config = (m_dir / (extractor + ".toml")).string();
    write_file(config,
               fmt::format("[service]\ndatabase = \"{}\"\nper_host_delay = \"0s\"\nrequest_timeout = \"30s\"\n\n"
                           "[[site]]\nname = \"wire\"\nurl = \"{}\"\nextractor = \"{}\"\n",
                           (m_dir / (extractor + ".db")).string(), m_site.url("/news.xml"), extractor));
    return run_binary({"once", "-c", config}, m_dir.path().string());
  }

  TempDir m_dir;
  Peer m_site;
  std::string m_sitemap;
};

TEST_F(SitemapSizeTest, FiftyThousandUrlsPastEightMegabytes_ReadByASitemapSite_StoresTheRecentOnes) {
  ASSERT_GT(m_sitemap.size(), std::size_t{8} << 20);  // past the default max_body_size
  ASSERT_LT(m_sitemap.size(), std::size_t{50} << 20);
  RunResult run = once_with("sitemap");
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find(fmt::format("wire: HTTP 200, {0} items, {0} new", k_recent)), std::string::npos)
      << run.out << run.err;
}

TEST_F(SitemapSizeTest, TheSameBytesForAnotherExtractor_StayUnderMaxBodySize) {
  RunResult run = once_with("feed");
  // The transfer is abandoned at max_body_size, not read.
  EXPECT_NE(run.out.find("wire: FAILED response body exceeds 8388608 bytes"), std::string::npos) << run.out << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
