// process_fetch with the feed extractor: a feed is taken whatever its Content-Type,
// decoded by its own declaration when HTTP names no charset, read right when HTTP's
// charset already transcoded it (its declaration then stale), and a feed whose items
// are known by GUID is healthy with a note that `status` shows.

#include <gtest/gtest.h>

#include "crawler/page_processor.h"
#include "tests/support/files.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const char* k_russian_title = "Руководители разведки США шутят об убийстве Сноудена";

class FeedProcessingTest : public ::testing::Test {
 protected:
  FeedProcessingTest() : m_extractor(std::move(*make_extractor("feed"))) {
    m_site.name = "xakep";
    m_site.url = "http://www.xakep.ru/articles/rss/";
    m_site.extractor = "feed";
  }
  CrawlOutcome run(std::string body, std::string content_type) {
    HttpResponse r;
    r.status = 200;
    r.effective_url = m_site.url;
    r.content_type = std::move(content_type);
    r.body = std::move(body);
    return process_fetch(m_site, *m_extractor, FetchState{}, r, 1700000000);
  }
  SiteConfig m_site;
  std::unique_ptr<const Extractor> m_extractor;
  std::string m_cp1251 = test::read_file(test::fixture_path("feeds/xakep-cp1251.xml"));
};

TEST_F(FeedProcessingTest, FeedServedAsRssXmlWithoutCharset_IsReadByItsOwnDeclaration) {
  CrawlOutcome out = run(m_cp1251, "application/rss+xml");
  ASSERT_TRUE(out.items) << out.error;
  ASSERT_EQ(out.items->size(), 25u);
  EXPECT_EQ(out.items->front().title, k_russian_title);
  EXPECT_EQ(out.items->front().site, "xakep");
  EXPECT_EQ(out.health, "ok");
}

TEST_F(FeedProcessingTest, FeedWhoseHttpCharsetNamesTheEncoding_IsTranscodedOnce) {
  CrawlOutcome out = run(m_cp1251, "text/xml; charset=windows-1251");
  ASSERT_TRUE(out.items) << out.error;
  ASSERT_EQ(out.items->size(), 25u);
  EXPECT_EQ(out.items->front().title, k_russian_title);
}

TEST_F(FeedProcessingTest, FeedServedAsOctetStreamOrHtml_IsStillAFeed) {
  for (const char* type : {"application/octet-stream", "text/html", ""}) {
    CrawlOutcome out = run(m_cp1251, type);
    ASSERT_TRUE(out.items) << type << ": " << out.error;
    EXPECT_EQ(out.items->size(), 25u) << type;
  }
}

TEST_F(FeedProcessingTest, AnHtmlPageWhereTheFeedWas_FailsNamingIt) {
  CrawlOutcome out = run("<!doctype html><html><body>Moved</body></html>", "text/html");
  EXPECT_FALSE(out.items);
  EXPECT_NE(out.error.find("not a feed"), std::string::npos) << out.error;
  EXPECT_NE(out.error.find("site xakep"), std::string::npos) << out.error;
}

TEST_F(FeedProcessingTest, FeedKnownByGuid_IsHealthyAndSaysHow) {
  CrawlOutcome out = run(test::read_file(test::fixture_path("feeds/handmade/no-links.rss")), "application/xml");
  ASSERT_TRUE(out.items) << out.error;
  EXPECT_EQ(out.items->size(), 3u);
  EXPECT_EQ(out.health, "ok; identity: guid (links unusable) for 3 of 3 entries");
  EXPECT_TRUE(healthy(out.health));
  EXPECT_FALSE(healthy("no items on a 200 page"));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
