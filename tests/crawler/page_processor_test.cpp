// process_fetch: how one fetch answer becomes a crawl outcome, with the real
// nknews extractor on the real 2020 homepage.

#include "crawler/page_processor.h"

#include <gtest/gtest.h>

#include "tests/support/files.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

class PageProcessorTest : public ::testing::Test {
 protected:
  PageProcessorTest() : m_extractor(std::move(*make_extractor("nknews"))) {
    m_site.name = "nknews";
    m_site.url = "https://www.nknews.org/";
    m_site.extractor = "nknews";
  }
  HttpResponse page(int status, std::string body, std::string content_type = "text/html; charset=UTF-8") {
    HttpResponse r;
    r.status = status;
    r.effective_url = m_site.url;
    r.content_type = std::move(content_type);
    r.etag = "\"v2\"";
    r.body = std::move(body);
    return r;
  }
  CrawlOutcome run(const Result<HttpResponse>& response) {
    return process_fetch(m_site, *m_extractor, m_previous, response, 1000);
  }
  SiteConfig m_site;
  FetchState m_previous;
  std::unique_ptr<const Extractor> m_extractor;
  std::string m_homepage = test::read_file(test::fixture_path("nknews/homepage-2020-05-29.html"));
};

TEST_F(PageProcessorTest, NewPage_IsParsed_ItemsCarryTheSiteName) {
  CrawlOutcome out = run(page(200, m_homepage));
  ASSERT_TRUE(out.items);
  EXPECT_EQ(out.items->size(), 20u);
  EXPECT_EQ(out.items->front().site, "nknews");
  EXPECT_EQ(out.health, "ok");
  EXPECT_EQ(out.etag, "\"v2\"");
  EXPECT_EQ(out.body_hash, parse_fingerprint(m_site) + ":" + sha256_hex(m_homepage));
  EXPECT_TRUE(out.error.empty());
}

TEST_F(PageProcessorTest, PageWithMoreItemsThanMaxItems_KeepsThePagesFirstItems) {
  m_site.max_items = 5;
  CrawlOutcome out = run(page(200, m_homepage));
  ASSERT_TRUE(out.items);
  ASSERT_EQ(out.items->size(), 5u);
  CrawlOutcome all = [&] {
    m_site.max_items = 500;
    return run(page(200, m_homepage));
  }();
  ASSERT_TRUE(all.items);
  EXPECT_EQ(out.items->front().url, all.items->front().url) << "the page's first items are kept";
  EXPECT_EQ(out.health, "ok");
}

TEST_F(PageProcessorTest, SameBytesAsLastTime_AreNotParsed) {
  m_previous.body_hash = parse_fingerprint(m_site) + ":" + sha256_hex(m_homepage);
  m_previous.health = "ok";
  CrawlOutcome out = run(page(200, m_homepage));
  EXPECT_FALSE(out.items) << "unchanged bytes must not be parsed";
  EXPECT_TRUE(out.error.empty());
  EXPECT_EQ(out.body_hash, m_previous.body_hash);
}

TEST_F(PageProcessorTest, SameBytesButNewSelectors_AreParsedAgain) {
  m_previous.body_hash = parse_fingerprint(m_site) + ":" + sha256_hex(m_homepage);
  m_site.extractor = "css";
  m_site.selectors = SelectorConfig{"article", "h2 a", "h2 a @href", "", "", "", ""};
  CrawlOutcome out = run(page(200, m_homepage));
  EXPECT_TRUE(out.items) << "a fixed extractor must see the page it could not read before";
}

TEST_F(PageProcessorTest, UnchangedPageAfterAFailure_IsHealthyAgain) {
  m_previous.health = "fetch failed: HTTP 503 from https://www.nknews.org/";
  m_previous.last_error = "HTTP 503 from https://www.nknews.org/";
  EXPECT_EQ(run(page(304, "")).health, "ok");
  m_previous.last_error.clear();
  m_previous.health = "no items on a 200 page: extractor 'nknews' may be out of date";
  EXPECT_EQ(run(page(304, "")).health, m_previous.health) << "a broken extractor stays reported";
}

TEST_F(PageProcessorTest, Redirected_StoresConfiguredUrl_ResolvesAgainstFinalUrl) {
  HttpResponse answer = page(200, m_homepage);
  answer.effective_url = "https://www.nknews.org/home/";
  CrawlOutcome out = run(answer);
  EXPECT_EQ(out.url, m_site.url) << "validators are keyed by the configured URL";
}

TEST_F(PageProcessorTest, NotModified_KeepsTheValidatorsAndParsesNothing) {
  m_previous.etag = "\"v1\"";
  m_previous.body_hash = "abc";
  CrawlOutcome out = run(page(304, ""));
  EXPECT_FALSE(out.items);
  EXPECT_EQ(out.etag, "\"v1\"");
  EXPECT_EQ(out.body_hash, "abc");
  EXPECT_TRUE(out.error.empty());
}

TEST_F(PageProcessorTest, ErrorStatus_FailsNamingStatusAndUrl_KeepsValidators) {
  m_previous.etag = "\"v1\"";
  CrawlOutcome out = run(page(503, "busy"));
  EXPECT_EQ(out.error, "HTTP 503 from https://www.nknews.org/");
  EXPECT_EQ(out.http_status, 503);
  EXPECT_EQ(out.etag, "\"v1\"");
  EXPECT_FALSE(out.items);
}

TEST_F(PageProcessorTest, NonHtmlContentType_FailsNamingTheType) {
  CrawlOutcome out = run(page(200, "%PDF-1.7 ...", "application/pdf"));
  EXPECT_NE(out.error.find("application/pdf"), std::string::npos) << out.error;
  EXPECT_FALSE(out.items);
}

TEST_F(PageProcessorTest, TransportError_IsTheCrawlError) {
  CrawlOutcome out = run(fail(ErrorKind::timeout, "timed out after 30 s fetching https://www.nknews.org/"));
  EXPECT_EQ(out.error, "timed out after 30 s fetching https://www.nknews.org/");
  EXPECT_EQ(out.http_status, 0);
}

TEST_F(PageProcessorTest, PageWithoutItems_IsAHealthProblemNotAnError) {
  std::string body = test::read_file(test::fixture_path("nknews/redirect-301-nknews.org.html"));
  CrawlOutcome out = run(page(200, body));
  ASSERT_TRUE(out.items);
  EXPECT_TRUE(out.items->empty());
  EXPECT_TRUE(out.error.empty());
  EXPECT_NE(out.health.find("no items on a 200 page"), std::string::npos) << out.health;
}

TEST_F(PageProcessorTest, TooDeeplyNestedPage_FailsNamingSiteUrlAndDepth) {
  std::string body = "<html><body>";
  for (int i = 0; i < 300000; ++i) body += "<div>";
  CrawlOutcome out = run(page(200, body));
  EXPECT_FALSE(out.items);
  for (const char* part : {"site nknews", "https://www.nknews.org/", "300002 elements deep", "limit of 512"})
    EXPECT_NE(out.error.find(part), std::string::npos) << part << " in: " << out.error;
}

TEST_F(PageProcessorTest, InvalidUtf8_IsRepaired_NotDropped) {
  std::string body = m_homepage;
  body.insert(body.find("Why supporting de facto"), "\xff\xfe");
  CrawlOutcome out = run(page(200, body));
  ASSERT_TRUE(out.items);
  EXPECT_EQ(out.items->size(), 20u);
}

TEST_F(PageProcessorTest, CssSiteWithoutItems_BlamesItsSelectors) {
  m_site.name = "hand";
  m_site.extractor = "css";
  m_site.selectors = SelectorConfig{"li.story", "a", "a @href", "", "", "", ""};
  auto css = make_extractor("css", m_site.selectors);
  ASSERT_TRUE(css);
  CrawlOutcome out = process_fetch(m_site, **css, m_previous, page(200, "<ul><li>x</li></ul>"), 1000);
  EXPECT_NE(out.health.find("selectors of site hand matched no items"), std::string::npos) << out.health;
  EXPECT_EQ(out.health.find("may be out of date"), std::string::npos) << out.health;
}

TEST_F(PageProcessorTest, DatesOnThePageThatNeverParse_AreAHealthWarningNamingTheText) {
  m_site.name = "hand";
  m_site.extractor = "css";
  m_site.selectors = SelectorConfig{"li", "a", "a @href", "", "time", "", ""};
  auto css = make_extractor("css", m_site.selectors);
  ASSERT_TRUE(css);
  const std::string body =
      "<ul><li><a href=/a>A</a><time>Quartidi 4 Thermidor</time></li>"
      "<li><a href=/b>B</a><time>Quintidi 5 Thermidor</time></li></ul>";
  CrawlOutcome out = process_fetch(m_site, **css, m_previous, page(200, body), 1000);
  ASSERT_TRUE(out.items);
  EXPECT_EQ(out.items->size(), 2u);
  EXPECT_NE(out.health.find("dates of site hand did not parse"), std::string::npos) << out.health;
  EXPECT_NE(out.health.find("Quartidi 4 Thermidor"), std::string::npos) << out.health;
}

TEST_F(PageProcessorTest, RelativeDatesCountFromTheFetchTime_InTheSiteTimezone) {
  m_site.name = "hand";
  m_site.extractor = "css";
  m_site.utc_offset = "+09:00";
  m_site.selectors = SelectorConfig{"li", "a", "a @href", "", "time", "", ""};
  auto css = make_extractor("css", m_site.selectors);
  ASSERT_TRUE(css);
  const std::int64_t fetched = 1592336400;  // 2020-06-16T19:40:00Z
  CrawlOutcome out = process_fetch(m_site, **css, m_previous,
                                   page(200, "<ul><li><a href=/a>A</a><time>37 min ago</time></li></ul>"), fetched);
  ASSERT_TRUE(out.items);
  ASSERT_EQ(out.items->size(), 1u);
  EXPECT_EQ(out.items->front().published, "2020-06-17T04:03:00+09:00");
  EXPECT_EQ(out.health, "ok");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
