// HttpClient against real loopback peers (tests/support/*.py) on a real
// io_context: statuses, conditional GET, redirects, limits, decoding, POST
// to the webhook receiver and mail to the aiosmtpd peer.

#include "net/http_client.h"

#include <fstream>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "tests/support/files.h"
#include "tests/support/peer.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using namespace std::chrono_literals;
using test::Peer;

const std::string k_page = "<html><body><h1>Hello</h1></body></html>\n";

/// Runs one request to completion on a fresh loop.
Result<HttpResponse> fetch(HttpRequest request) {
  boost::asio::io_context io;
  HttpClient client(io);
  std::optional<Result<HttpResponse>> got;
  client.start(std::move(request), [&](Result<HttpResponse> r) { got = std::move(r); });
  io.run_for(20s);
  if (!got) return fail(ErrorKind::network, "test: handler never called");
  return std::move(*got);
}

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

class HttpClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_root = new test::TempDir();
    std::ofstream(*s_root / "page.html", std::ios::binary) << k_page;
    s_server = new Peer("http_server.py", {s_root->path().string()});
  }
  static void TearDownTestSuite() {
    delete s_server;
    delete s_root;
  }
  void SetUp() override { test::http_post(s_server->url("/_control/reset"), ""); }

  static std::string url(std::string_view path) { return s_server->url(path); }
  static nlohmann::json server_log() { return nlohmann::json::parse(test::http_get(url("/_control/log"))); }

  static inline Peer* s_server = nullptr;
  static inline test::TempDir* s_root = nullptr;
};

TEST_F(HttpClientTest, Get_ReturnsBodyStatusEtagAndContentType) {
  auto response = fetch(get(url("/page.html")));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, k_page);
  EXPECT_FALSE(response->etag.empty());
  EXPECT_FALSE(response->last_modified.empty());
  EXPECT_EQ(response->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(response->effective_url, url("/page.html"));
}

TEST_F(HttpClientTest, ConditionalGet_WithMatchingEtagOrDate_Returns304WithoutBody) {
  auto first = fetch(get(url("/page.html")));
  ASSERT_TRUE(first) << first.error().message;
  HttpRequest by_etag = get(url("/page.html"));
  by_etag.if_none_match = first->etag;
  HttpRequest by_date = get(url("/page.html"));
  by_date.if_modified_since = first->last_modified;
  for (const auto& request : {by_etag, by_date}) {
    auto again = fetch(request);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->status, 304);
    EXPECT_TRUE(again->body.empty());
  }
}

TEST_F(HttpClientTest, ConditionalGet_AfterContentChanged_Returns200WithNewEtag) {
  auto first = fetch(get(url("/page.html")));
  ASSERT_TRUE(first) << first.error().message;
  test::http_put(url("/_control/file/page.html"), "changed");
  HttpRequest request = get(url("/page.html"));
  request.if_none_match = first->etag;
  auto again = fetch(request);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->body, "changed");
  EXPECT_NE(again->etag, first->etag);
}

TEST_F(HttpClientTest, ErrorStatuses_AreSuccessfulResultsCarryingTheStatus) {
  for (int status : {404, 410, 500, 503}) {
    auto response = fetch(get(url("/status/" + std::to_string(status))));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, status);
  }
}

TEST_F(HttpClientTest, TooManyRequests_ParsesRetryAfterSecondsAndHttpDate) {
  auto seconds = fetch(get(url("/429?retry_after=7")));
  ASSERT_TRUE(seconds) << seconds.error().message;
  EXPECT_EQ(seconds->status, 429);
  EXPECT_EQ(seconds->retry_after, std::chrono::seconds(7));

  auto past = fetch(get(url("/429?retry_after=Wed,%2021%20Oct%202015%2007:28:00%20GMT")));
  ASSERT_TRUE(past) << past.error().message;
  EXPECT_EQ(past->retry_after, std::chrono::seconds(0));  // a date in the past means "now"

  auto none = fetch(get(url("/page.html")));
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->retry_after.has_value());
}

TEST_F(HttpClientTest, Redirect_IsFollowed_AndHeadersComeFromTheFinalResponse) {
  auto response = fetch(get(url("/redirect?to=/page.html")));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, k_page);
  EXPECT_EQ(response->effective_url, url("/page.html"));
  EXPECT_FALSE(response->etag.empty());

  auto to_404 = fetch(get(url("/redirect?to=/status/404")));  // the hop sends ETag and Retry-After
  ASSERT_TRUE(to_404);
  EXPECT_EQ(to_404->status, 404);
  EXPECT_EQ(to_404->content_type, "text/plain");
  EXPECT_EQ(to_404->etag, "");
  EXPECT_FALSE(to_404->retry_after.has_value());
}

TEST_F(HttpClientTest, RedirectLoop_FailsAfterMaxRedirects_NamingTheUrl) {
  auto response = fetch(get(url("/redirect-loop")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::network);
  EXPECT_EQ(response.error().message, "too many redirects (max 5) from " + url("/redirect-loop"));
  EXPECT_EQ(server_log().size(), 6u);  // the first request and five redirects
}

TEST_F(HttpClientTest, RedirectToNonHttpScheme_IsRefused) {
  for (const char* target : {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"}) {
    auto response = fetch(get(url(std::string("/redirect?to=") + target)));
    ASSERT_FALSE(response) << target << " was followed";
    EXPECT_EQ(response.error().kind, ErrorKind::parse) << response.error().message;
    EXPECT_NE(response.error().message.find(url("/redirect")), std::string::npos) << response.error().message;
  }
}

TEST_F(HttpClientTest, NonHttpUrl_IsRefusedWithoutReadingIt) {
  auto response = fetch(get("file:///etc/passwd"));
  ASSERT_FALSE(response);
  EXPECT_NE(response.error().message.find("file:///etc/passwd"), std::string::npos);
}

TEST_F(HttpClientTest, SlowServer_TimesOut) {
  for (const char* path : {"/slow?seconds=5", "/stall?seconds=5"}) {
    HttpRequest request = get(url(path));
    request.total_timeout = 1s;
    auto started = std::chrono::steady_clock::now();
    auto response = fetch(request);
    ASSERT_FALSE(response) << path << " answered";
    EXPECT_EQ(response.error().kind, ErrorKind::timeout) << response.error().message;
    EXPECT_NE(response.error().message.find(url(path)), std::string::npos);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  }
}

TEST_F(HttpClientTest, ConnectionRefused_IsNetworkErrorNamingUrl) {
  std::string dead = "http://127.0.0.1:1/page.html";
  auto response = fetch(get(dead));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::network);
  EXPECT_NE(response.error().message.find(dead), std::string::npos) << response.error().message;
}

TEST_F(HttpClientTest, OversizedBody_FailsWithParseError) {
  HttpRequest request = get(url("/big?bytes=2000000"));
  request.max_body_bytes = 1'000'000;
  auto response = fetch(request);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::parse);
  EXPECT_EQ(response.error().message, "response body exceeds 1000000 bytes from " + url("/big?bytes=2000000"));

  request.max_body_bytes = 2'000'000;  // exactly at the limit is fine
  auto fits = fetch(request);
  ASSERT_TRUE(fits) << fits.error().message;
  EXPECT_EQ(fits->body.size(), 2'000'000u);
}

TEST_F(HttpClientTest, GzipBody_IsDecoded_UnlessDecodingIsOff) {
  auto decoded = fetch(get(url("/gzip/page.html")));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->body, k_page);

  HttpRequest raw = get(url("/gzip/page.html"));
  raw.decode_content = false;
  auto encoded = fetch(raw);
  ASSERT_TRUE(encoded) << encoded.error().message;
  ASSERT_GE(encoded->body.size(), 2u);
  EXPECT_EQ(encoded->body.substr(0, 2), "\x1f\x8b");  // gzip magic: left as sent
}

TEST_F(HttpClientTest, UserAgentAndExtraHeaders_ReachTheServer) {
  HttpRequest request = get(url("/page.html"));
  request.user_agent = "newswatch/0.1 (+https://example.org/newswatch)";
  request.headers = {"Accept-Language: en"};
  ASSERT_TRUE(fetch(request));
  auto log = server_log();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["headers"]["User-Agent"], request.user_agent);
  EXPECT_EQ(log[0]["headers"]["Accept-Language"], "en");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
