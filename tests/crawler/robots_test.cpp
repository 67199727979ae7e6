// robots.txt: RFC 9309 parsing and matching as tables, group selection, and the cache policy.
#include "crawler/robots.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::string_view k_ua = "newswatch/0.1 (+https://example.org/newswatch)";

struct MatchCase {
  const char* robots;
  const char* path;
  bool allowed;
};

TEST(Robots_Allowed, Rfc9309Table) {
  const MatchCase cases[] = {
      // Longest match wins (RFC 9309 2.2.2 examples).
      {"user-agent: *\nallow: /p\ndisallow: /", "/page", true},
      {"user-agent: *\nallow: /folder\ndisallow: /folder", "/folder/page", true},  // tie: Allow wins
      {"user-agent: *\ndisallow: /folder\nallow: /folder", "/folder/page", true},  // tie, either order
      {"user-agent: *\ndisallow: /*.htm\nallow: /a.htm", "/a.htm", true},          // tie by length, wildcards
      {"user-agent: *\nallow: /page\ndisallow: /*.html", "/page.html", false},     // "/*.html" is longer
      {"user-agent: *\nallow: /$\ndisallow: /", "/", true},
      {"user-agent: *\nallow: /$\ndisallow: /", "/page.htm", false},
      // Wildcards.
      {"user-agent: *\ndisallow: /*.php$", "/index.php", false},
      {"user-agent: *\ndisallow: /*.php$", "/index.php?x=1", true},
      {"user-agent: *\ndisallow: /*.php", "/a/b/index.php?x=1", false},
      {"user-agent: *\ndisallow: /fish*", "/fishheads/yummy.html", false},
      {"user-agent: *\ndisallow: /fish*", "/Fish.asp", true},  // paths are case-sensitive
      {"user-agent: *\ndisallow: /*?", "/news/?page=2", false},
      {"user-agent: *\ndisallow: /*?", "/news/", true},
      {"user-agent: *\ndisallow: /a**b$", "/a-x-b", false},
      // Empty Disallow means nothing; no rules at all means allowed.
      {"user-agent: *\ndisallow:", "/anything", true},
      {"", "/anything", true},
      {"user-agent: *\ndisallow: /", "/robots.txt", true},  // robots.txt itself is always allowed
      {"user-agent: *\ndisallow: /", "", false},
      // Percent-encoding: unreserved escapes are decoded, others compared upper-case, UTF-8 encoded.
      {"user-agent: *\ndisallow: /%7Ejoe/", "/~joe/index.html", false},
      {"user-agent: *\ndisallow: /~joe/", "/%7ejoe/index.html", false},
      {"user-agent: *\ndisallow: /a%3cb", "/a%3Cb", false},
      {"user-agent: *\ndisallow: /a%2Fb", "/a/b", true},  // an escaped slash is not a slash
      {"user-agent: *\ndisallow: /foo/\xE3\x83\x84", "/foo/%E3%83%84", false},
      {"user-agent: *\ndisallow: /foo/%E3%83%84", "/foo/\xE3\x83\x84", false},
      // Syntax tolerance: case of keys, comments, CRLF, spaces, BOM.
      {"User-Agent: *\r\nDISALLOW : /private # secret\r\n", "/private/x", false},
      {"\xEF\xBB\xBFuser-agent: *\ndisallow: /x", "/x", false},
      {"disallow: /x\nuser-agent: *\nallow: /", "/x", true},  // rules before any user-agent are ignored
  };
  for (const MatchCase& c : cases) {
    EXPECT_EQ(parse_robots(c.robots, k_ua).allowed(c.path), c.allowed) << "robots=" << c.robots << "\npath=" << c.path;
  }
}

TEST(Robots_Groups, OurProductToken_BeatsStar_CaseInsensitively) {
  const char* text =
      "User-agent: *\n"
      "Disallow: /\n"
      "\n"
      "User-agent: NewsWatch\n"
      "Disallow: /private/\n";
  const RobotsRules rules = parse_robots(text, k_ua);
  EXPECT_TRUE(rules.allowed("/news/"));
  EXPECT_FALSE(rules.allowed("/private/a"));
  EXPECT_FALSE(parse_robots(text, "otherbot/2.0").allowed("/news/"));
}

TEST(Robots_Groups, ConsecutiveUserAgents_ShareAGroup_AndMatchingGroupsMerge) {
  const char* text =
      "user-agent: googlebot\n"
      "user-agent: newswatch/0.1\n"  // a version on the line still names our product
      "disallow: /a\n"
      "\n"
      "user-agent: bingbot\n"
      "disallow: /b\n"
      "\n"
      "user-agent: newswatch\n"
      "disallow: /c\n"
      "crawl-delay: 2.5\n"
      "sitemap: https://example.org/sitemap.xml\n";
  const RobotsRules rules = parse_robots(text, k_ua);
  EXPECT_FALSE(rules.allowed("/a"));
  EXPECT_TRUE(rules.allowed("/b"));
  EXPECT_FALSE(rules.allowed("/c"));
  ASSERT_TRUE(rules.crawl_delay());
  EXPECT_EQ(*rules.crawl_delay(), Millis(2500));
}

TEST(Robots_Groups, CrawlDelay_OfTheStarGroup_AndGarbageIgnored) {
  EXPECT_EQ(parse_robots("user-agent: *\ncrawl-delay: 10\n", k_ua).crawl_delay(), Millis(10000));
  EXPECT_FALSE(parse_robots("user-agent: *\ncrawl-delay: soon\n", k_ua).crawl_delay());
  EXPECT_FALSE(parse_robots("user-agent: *\ncrawl-delay: -3\n", k_ua).crawl_delay());
  EXPECT_FALSE(parse_robots("user-agent: other\ncrawl-delay: 5\n", k_ua).crawl_delay());
}

TEST(Robots_Size, OverFiveHundredKiB_ParsesTheFirst500KiB_UpToTheLastWholeLine) {
  const std::string head = "User-agent: *\nDisallow: /early\n";
  const std::string straddling = "Disallow: /straddle\n";  // 500 KiB ends after "Disallow: /str"
  const std::size_t limit = 500 * 1024;
  std::string text = head + "#" + std::string(limit - 14 - head.size() - 2, 'x') + "\n";
  ASSERT_EQ(text.size() + 14, limit);
  text += straddling + "Disallow: /late\n";
  while (text.size() < 600 * 1024) text += "# filler\n";
  const RobotsRules rules = parse_robots(text, k_ua);
  EXPECT_FALSE(rules.allowed("/early/page"));
  EXPECT_TRUE(rules.allowed("/strange")) << "a line cut at 500 KiB must not become the rule \"/str\"";
  EXPECT_TRUE(rules.allowed("/straddle"));
  EXPECT_TRUE(rules.allowed("/late"));
}

TEST(Robots_Urls, OriginAndPath) {
  EXPECT_EQ(robots_origin("HTTPS://WWW.NKNews.org:443/category/news/?x#y"), "https://www.nknews.org");
  EXPECT_EQ(robots_origin("http://user:pw@example.org:8080/"), "http://example.org:8080");
  EXPECT_EQ(robots_origin("http://example.org:80"), "http://example.org");
  EXPECT_EQ(robots_origin("not a url"), "");
  EXPECT_EQ(robots_path("https://example.org"), "/");
  EXPECT_EQ(robots_path("https://example.org?q=1"), "/?q=1");
  EXPECT_EQ(robots_path("https://example.org/a/b?q=1#frag"), "/a/b?q=1");
}

struct CacheCase {
  const char* what;
  int status;
  bool allowed;
  std::chrono::hours ttl;
};

TEST(RobotsCache, StatusPolicy_Table) {
  const CacheCase cases[] = {
      {"2xx parsed", 200, false, RobotsCache::k_ttl},
      {"404: allow all", 404, true, RobotsCache::k_ttl},
      {"403: allow all", 403, true, RobotsCache::k_ttl},
      {"429: treated as unavailable", 429, false, RobotsCache::k_error_ttl},
      {"503: disallow all", 503, false, RobotsCache::k_error_ttl},
      {"unreachable: disallow all", 0, false, RobotsCache::k_error_ttl},
  };
  for (const CacheCase& c : cases) {
    FakeClock clock;
    RobotsCache cache;
    cache.store_response("https://a.example", c.status, "user-agent: *\ndisallow: /x", k_ua, clock.now());
    const RobotsRules* rules = cache.find("https://a.example", clock.now());
    ASSERT_TRUE(rules) << c.what;
    EXPECT_EQ(rules->allowed("/x"), c.allowed) << c.what;
    clock.advance(c.ttl - std::chrono::seconds(1));
    EXPECT_TRUE(cache.find("https://a.example", clock.now())) << c.what;
    clock.advance(std::chrono::seconds(1));
    EXPECT_FALSE(cache.find("https://a.example", clock.now())) << c.what << ": expired entries must be refetched";
  }
}

TEST(RobotsCache, ServerErrorAfterGoodCopy_KeepsTheGoodCopy_ForAnHour) {
  FakeClock clock;
  RobotsCache cache;
  cache.store_response("https://a.example", 200, "user-agent: *\ndisallow: /x", k_ua, clock.now());
  clock.advance(std::chrono::hours(25));
  EXPECT_FALSE(cache.find("https://a.example", clock.now()));
  const RobotsRules& rules = cache.store_response("https://a.example", 500, "", k_ua, clock.now());
  EXPECT_TRUE(rules.allowed("/news/")) << "a 5xx must not turn a known robots.txt into disallow-all";
  EXPECT_FALSE(rules.allowed("/x"));
  clock.advance(std::chrono::hours(1));
  EXPECT_FALSE(cache.find("https://a.example", clock.now()));
  clock.advance(RobotsCache::k_stale_limit);
  EXPECT_FALSE(cache.store_response("https://a.example", 500, "", k_ua, clock.now()).allowed("/news/"))
      << "after 30 days of errors the old copy is no longer trusted";
}

TEST(RobotsCache, Prune_DropsExpiredErrorsButKeepsRecentGoodCopies) {
  FakeClock clock;
  RobotsCache cache;
  cache.store_response("https://good.example", 200, "", k_ua, clock.now());
  cache.store_response("https://gone.example", 404, "", k_ua, clock.now());
  clock.advance(std::chrono::hours(48));
  EXPECT_EQ(cache.prune(clock.now()), 1u);
  EXPECT_EQ(cache.size(), 1u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
