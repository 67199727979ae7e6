// URL canonicalisation against hostile pages: a table of named attacks, and a
// property test over 100k generated URLs built from tricky parts (ports,
// userinfo, percent-encoding, IPv6, dots, case, backslashes) and mutated with
// a fixed seed. Properties: canonicalising twice changes nothing, and the host
// of a canonical URL is the host a browser (WHATWG) reads from the input.

#include <gtest/gtest.h>

#include <array>
#include <optional>
#include <random>
#include <string>

#include "extractors/extractor.h"
#include "extractors/url.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The host a browser reads from `ref` (or from `base` for a relative reference), modelled on
// the WHATWG URL parser for http(s): tabs and newlines dropped, '\' is '/', the authority
// runs to the first '/', '?' or '#', userinfo ends at its last '@'. nullopt for inputs the
// model does not cover (another scheme, "https:x" without "//").
std::optional<std::string> browser_host(std::string_view ref, std::string_view base) {
  std::string s;
  for (char c : ref)
    if (c != '\t' && c != '\n' && c != '\r') s += c == '\\' ? '/' : c;
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.erase(0, 1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.pop_back();
  std::size_t authority = std::string::npos;
  std::size_t colon = s.find(':');
  std::size_t first_delim = s.find_first_of("/?#");
  if (s.starts_with("//")) {
    authority = 2;
  } else if (colon != std::string::npos && colon > 0 && colon < first_delim) {
    std::string scheme = lower(s.substr(0, colon));
    if (scheme != "http" && scheme != "https") return std::nullopt;
    if (s.compare(colon + 1, 2, "//") != 0) return std::nullopt;
    authority = colon + 3;
  } else {
    return browser_host(base, "");
  }
  std::string auth = s.substr(authority, s.find_first_of("/?#", authority) - authority);
  if (std::size_t at = auth.rfind('@'); at != std::string::npos) auth = auth.substr(at + 1);
  std::size_t end = auth[0] == '[' ? auth.find(']') + 1 : auth.find(':');
  return lower(auth.substr(0, end));
}

// Parts of absolute URLs and references that parsers disagree on.
constexpr std::array<const char*, 8> k_schemes = {"https://", "http://", "HTTP://", "hTtPs://",
                                                  "//",       "ftp://",  "https:",  ""};
constexpr std::array<const char*, 11> k_userinfo = {"",     "",     "",  "user@", "user:pw@", "www.nknews.org@",
                                                    "a@b@", "%40@", "@", ":@",    "x\\@"};
constexpr std::array<const char*, 19> k_hosts = {"www.nknews.org",
                                                 "WWW.NKNews.ORG",
                                                 "a.org.",
                                                 "a..org",
                                                 "127.0.0.1",
                                                 "0x7f.1",
                                                 "2130706433",
                                                 "[::1]",
                                                 "[2001:DB8::1]",
                                                 "[::ffff:1.2.3.4]",
                                                 "xn--bcher-kva.example",
                                                 "b%C3%BCcher.example",
                                                 "evil%2eexample",
                                                 "www.nknews.or",
                                                 "",
                                                 "caf\xC3\xA9.example",
                                                 "a_b.example",
                                                 "-a-.example",
                                                 "evil.example\\"};
constexpr std::array<const char*, 15> k_ports = {"",       "",   ":",   ":80", ":443", ":8080", ":0",    ":65535",
                                                 ":65536", ":g", ":8o", ":-1", ": 80", "::80",  ":80:80"};
constexpr std::array<const char*, 20> k_paths = {
    "",       "/",           "/a/b",   "/a/../b",      "/./a/", "/../..",           "g/2021/06/p/",
    "//x",    "/%7e/%41",    "/a%2Fb", "/caf\xC3\xA9", "/a b",  "\\evil.example/x", "/x\\y",
    "/.%2e/", "/a/./b/../c", "/%zz",   "/100%",        ";p=1",  "/%2e%2E/x"};
constexpr std::array<const char*, 11> k_queries = {
    "",   "",        "?",      "?a=1",   "?utm_source=x",    "?utm_source=x&id=1",
    "?&", "?a=1&&b", "?q=a b", "?x=%20", "?fbclid=1&utm_a=2"};
constexpr std::array<const char*, 5> k_fragments = {"", "", "#", "#f", "#a/../b"};
constexpr std::array<const char*, 3> k_bases = {"https://www.nknews.org/category/news/", "http://127.0.0.1:8123/list/",
                                                "https://[::1]/a/b"};
constexpr std::string_view k_noise = "%@:/\\[].#?\t A0";

template <class Array>
const char* pick(std::mt19937& rng, const Array& a) {
  return a[std::uniform_int_distribution<std::size_t>(0, a.size() - 1)(rng)];
}

std::string generated(std::mt19937& rng) {
  std::string s = pick(rng, k_schemes);
  bool has_authority = !s.empty() && s != "https:";
  if (has_authority) s += std::string(pick(rng, k_userinfo)) + pick(rng, k_hosts) + pick(rng, k_ports);
  s += std::string(pick(rng, k_paths)) + pick(rng, k_queries) + pick(rng, k_fragments);
  int mutations = std::uniform_int_distribution<int>(0, 3)(rng) - 1;  // a quarter get two, a half none
  for (int i = 0; i < mutations && !s.empty(); ++i) {
    std::size_t at = std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
    switch (std::uniform_int_distribution<int>(0, 2)(rng)) {
      case 0: s.insert(at, 1, k_noise[std::uniform_int_distribution<std::size_t>(0, k_noise.size() - 1)(rng)]); break;
      case 1: s.erase(at, 1); break;
      default: s[at] = static_cast<char>(s[at] >= 'a' && s[at] <= 'z' ? s[at] - 'a' + 'A' : s[at]);
    }
  }
  return s;
}

TEST(UrlProperty, LinkAndKeyAreFixedPointsAndKeepTheHostABrowserReads) {
  std::mt19937 rng(20261129);
  int accepted = 0, failures = 0;
  for (int i = 0; i < 100000 && failures < 20; ++i) {
    std::string ref = generated(rng);
    std::string base = pick(rng, k_bases);
    std::optional<ItemUrl> once = item_url(ref, base);
    if (!once) continue;
    ++accepted;
    std::optional<ItemUrl> again = item_url(once->link);
    std::optional<std::string> key_again = canonical_url(once->key);
    std::optional<std::string> host = browser_host(ref, base);
    bool ok = again && again->link == once->link && again->key == once->key && key_again == once->key && host &&
              url_host(once->link) == *host && url_host(once->key) == *host;
    if (!ok) {
      ++failures;
      ADD_FAILURE() << "ref=" << ref << " base=" << base << " link=" << once->link << " key=" << once->key
                    << " link again=" << (again ? again->link : "(none)")
                    << " key again=" << key_again.value_or("(none)") << " host=" << url_host(once->link)
                    << " browser_host=" << host.value_or("(unmodelled)");
    }
  }
  RecordProperty("accepted", accepted);
  EXPECT_GT(accepted, 20000) << "too few generated URLs are accepted for the properties to say much";
}

TEST(UrlAttacks, MalformedAuthoritiesAreRejectedAndUserinfoDropped) {
  struct Row {
    const char* name;
    const char* ref;
    const char* base;
    std::optional<std::string> want;
  } rows[] = {
      {"empty port then junk glues a host", "https://www.nknews.or:g/2021/06/planted-story/", "", std::nullopt},
      {"junk port, relative to a page", "//www.nknews.or:g/2021/06/planted-story/", "https://evil.example/",
       std::nullopt},
      {"userinfo naming another host", "https://www.nknews.org@evil.example/2021/06/x/", "",
       "https://evil.example/2021/06/x/"},
      {"user and password", "https://user:pw@a.org/x", "", "https://a.org/x"},
      {"userinfo with a port-like part", "https://www.nknews.org:443@evil.example/x", "", "https://evil.example/x"},
      {"two @: the last one ends userinfo", "https://a@www.nknews.org@evil.example/x", "", "https://evil.example/x"},
      {"empty port is the default", "https://a.org:/x", "", "https://a.org/x"},
      {"port out of range", "https://a.org:65536/x", "", std::nullopt},
      {"letter in port", "https://a.org:8o/x", "", std::nullopt},
      {"two ports", "https://a.org:80:80/x", "", std::nullopt},
      {"signed port", "https://a.org:+80/x", "", std::nullopt},
      {"backslash ends the authority", "https://evil.example\\@www.nknews.org/x", "",
       "https://evil.example/@www.nknews.org/x"},
      {"backslashes make a network path", "\\\\evil.example/x", "https://www.nknews.org/", "https://evil.example/x"},
      {"percent-encoded dot in host", "https://www.nknews.org%2eevil.example/", "", std::nullopt},
      {"percent-encoded host", "https://%77ww.nknews.org/", "", std::nullopt},
      {"hex IPv4 a browser rewrites", "https://0x7f.1/x", "", std::nullopt},
      {"integer IPv4 a browser rewrites", "https://2130706433/x", "", std::nullopt},
      {"dotted IPv4", "http://127.0.0.1:8123/x", "", "https://127.0.0.1:8123/x"},
      {"IPv6 with port", "https://[::1]:8080/x", "", "https://[::1]:8080/x"},
      {"unclosed IPv6", "https://[::1/x", "", std::nullopt},
      {"no authority after the scheme", "https:www.nknews.org/x", "https://evil.example/", std::nullopt},
      {"empty host", "https:///www.nknews.org/x", "", std::nullopt},
      {"http on 443 is the web default", "http://a.org:443/x", "", "https://a.org/x"},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(canonical_url(r.ref, r.base), r.want) << r.name << ": " << r.ref;
    if (r.want) {
      EXPECT_EQ(canonical_url(*r.want), r.want) << r.name << " (idempotent)";
    }
  }
  EXPECT_EQ(url_host("https://www.nknews.or:g/2021/06/x/"), "");
  EXPECT_EQ(url_host("https://www.nknews.org@evil.example/"), "evil.example");
}

TEST(UrlLink, KeepsTheSchemeThePageGaveWhileTheKeyIgnoresIt) {
  struct Row {
    const char* ref;
    const char* base;
    const char* link;
    const char* key;
  } rows[] = {
      {"http://127.0.0.1:8123/2021/06/a/", "", "http://127.0.0.1:8123/2021/06/a/", "https://127.0.0.1:8123/2021/06/a/"},
      {"/2021/06/a/", "http://127.0.0.1:8123/list/", "http://127.0.0.1:8123/2021/06/a/",
       "https://127.0.0.1:8123/2021/06/a/"},
      {"HTTP://User:Pw@WWW.NKNews.org:80/x#top", "", "http://www.nknews.org/x", "https://www.nknews.org/x"},
      {"https://www.nknews.org:443/x", "", "https://www.nknews.org/x", "https://www.nknews.org/x"},
      {"http://a.org/d?utm_source=x&id=1", "", "http://a.org/d?utm_source=x&id=1", "https://a.org/d?id=1"},
      {"//cdn.a.org/g", "http://a.org/", "http://cdn.a.org/g", "https://cdn.a.org/g"},
  };
  for (const Row& r : rows) {
    std::optional<ItemUrl> got = item_url(r.ref, r.base);
    ASSERT_TRUE(got) << r.ref;
    EXPECT_EQ(got->link, r.link) << r.ref;
    EXPECT_EQ(got->key, r.key) << r.ref;
  }
  EXPECT_EQ(item_url("http://a.org/x")->key, item_url("https://a.org/x")->key);
}

TEST(ExtractorLinks, AnHttpOnlySiteGetsHttpLinksAndSchemeFreeKeys) {
  const std::string page = R"(<html><head><link rel="canonical" href="http://127.0.0.1:8123/2021/06/itself/"></head>
<body><h1 class="content-title">The article itself</h1>
<ul><li><h2><a href="/2021/06/planted-story/">A listed story</a></h2></li>
<li><h2><a href="https://127.0.0.1:8123/2021/06/other-story/#c">Another story</a></h2></li></ul></body></html>)";
  auto extractor = make_extractor("nknews");
  ASSERT_TRUE(extractor);
  auto items = (*extractor)->extract(page, "http://127.0.0.1:8123/news.html");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].url, "http://127.0.0.1:8123/2021/06/itself/");
  EXPECT_EQ((*items)[0].key, "https://127.0.0.1:8123/2021/06/itself/");
  EXPECT_EQ((*items)[1].url, "http://127.0.0.1:8123/2021/06/planted-story/");
  EXPECT_EQ((*items)[1].key, "https://127.0.0.1:8123/2021/06/planted-story/");
  EXPECT_EQ((*items)[2].url, "https://127.0.0.1:8123/2021/06/other-story/");
  EXPECT_EQ((*items)[2].key, "https://127.0.0.1:8123/2021/06/other-story/");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
