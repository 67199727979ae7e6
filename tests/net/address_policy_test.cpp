// The address policy: the classification table, the decision per mode, and
// HttpClient refusing connections where the socket is opened (first request,
// redirect hops) against real loopback peers on 127.0.0.1 and 127.0.0.2.

#include "net/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <fstream>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "net/http_client.h"
#include "tests/support/files.h"
#include "tests/support/peer.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using namespace std::chrono_literals;

/// An AF_INET or AF_INET6 sockaddr for `text` (port 80), in storage big enough for either.
sockaddr_storage address_of(const std::string& text) {
  sockaddr_storage storage{};
  if (text.find(':') == std::string::npos) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_port = htons(80);
    EXPECT_EQ(inet_pton(AF_INET, text.c_str(), &in.sin_addr), 1) << text;
    std::memcpy(&storage, &in, sizeof in);
  } else {
    sockaddr_in6 in6{};
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(80);
    EXPECT_EQ(inet_pton(AF_INET6, text.c_str(), &in6.sin6_addr), 1) << text;
    std::memcpy(&storage, &in6, sizeof in6);
  }
  return storage;
}

AddressClass classify(const std::string& text) {
  sockaddr_storage storage = address_of(text);
  return classify_address(reinterpret_cast<const sockaddr&>(storage));
}

TEST(AddressPolicy, ClassifiesEveryNonPublicRange_AndLeavesPublicAlone) {
  const struct {
    const char* address;
    AddressClass expected;
  } rows[] = {
      {"127.0.0.1", AddressClass::loopback},
      {"127.255.255.254", AddressClass::loopback},
      {"::1", AddressClass::loopback},
      {"10.0.0.1", AddressClass::private_use},
      {"10.255.255.255", AddressClass::private_use},
      {"172.16.0.1", AddressClass::private_use},
      {"172.31.255.255", AddressClass::private_use},
      {"172.32.0.1", AddressClass::global},
      {"172.15.255.255", AddressClass::global},
      {"192.168.1.1", AddressClass::private_use},
      {"100.64.0.1", AddressClass::private_use},
      {"100.127.255.255", AddressClass::private_use},
      {"100.128.0.1", AddressClass::global},
      {"fc00::1", AddressClass::private_use},
      {"fdab:cdef::1", AddressClass::private_use},
      {"fec0::1", AddressClass::private_use},
      {"169.254.169.254", AddressClass::link_local},
      {"169.254.0.1", AddressClass::link_local},
      {"fe80::1", AddressClass::link_local},
      {"febf::1", AddressClass::link_local},
      {"0.0.0.0", AddressClass::unspecified},
      {"0.1.2.3", AddressClass::unspecified},
      {"::", AddressClass::unspecified},
      {"224.0.0.1", AddressClass::multicast},
      {"239.255.255.250", AddressClass::multicast},
      {"ff02::1", AddressClass::multicast},
      {"255.255.255.255", AddressClass::broadcast},
      {"240.0.0.1", AddressClass::reserved},
      {"::ffff:127.0.0.1", AddressClass::loopback},
      {"::ffff:10.1.2.3", AddressClass::private_use},
      {"::ffff:169.254.169.254", AddressClass::link_local},
      {"::ffff:8.8.8.8", AddressClass::global},
      {"::127.0.0.1", AddressClass::loopback},
      {"64:ff9b::a9fe:a9fe", AddressClass::link_local},
      {"8.8.8.8", AddressClass::global},
      {"93.184.216.34", AddressClass::global},
      {"2606:4700::1111", AddressClass::global},
      {"2001:db8::1", AddressClass::global},
  };
  for (const auto& row : rows)
    EXPECT_EQ(to_string(classify(row.address)), std::string(to_string(row.expected))) << row.address;
}

TEST(AddressPolicy, FormatsAddressWithPort) {
  sockaddr_storage v4 = address_of("127.0.0.1");
  sockaddr_storage v6 = address_of("::1");
  EXPECT_EQ(format_address(reinterpret_cast<const sockaddr&>(v4)), "127.0.0.1:80");
  EXPECT_EQ(format_address(reinterpret_cast<const sockaddr&>(v6)), "[::1]:80");
}

TEST(AddressPolicy, PolicyHost_IsLowerCaseWithoutBracketsOrTrailingDot) {
  EXPECT_EQ(policy_host("http://Intranet.Example.:8080/x"), "intranet.example");
  EXPECT_EQ(policy_host("http://[::1]:8080/"), "::1");
  EXPECT_EQ(policy_host("https://127.0.0.1/"), "127.0.0.1");
  EXPECT_EQ(policy_host("not a url"), "");
}

TEST(AddressPolicy, Decide_PublicAlways_NonPublicOnlyForTheTrustedHostInSiteOnly) {
  using enum PrivateNetworks;
  const struct {
    PrivateNetworks mode;
    AddressClass kind;
    const char* host;
    const char* trusted;
    bool allowed;
  } rows[] = {
      {site_only, AddressClass::global, "example.org", "news.example", true},
      {deny, AddressClass::global, "example.org", "news.example", true},
      {site_only, AddressClass::loopback, "127.0.0.1", "127.0.0.1", true},
      {site_only, AddressClass::loopback, "localhost", "localhost", true},
      {site_only, AddressClass::private_use, "intranet", "intranet", true},
      {site_only, AddressClass::loopback, "127.0.0.2", "127.0.0.1", false},
      {site_only, AddressClass::link_local, "169.254.169.254", "news.example", false},
      {site_only, AddressClass::loopback, "evil.example", "news.example", false},  // DNS answer for another host
      {site_only, AddressClass::loopback, "", "", false},
      {allow, AddressClass::link_local, "169.254.169.254", "news.example", true},
      {deny, AddressClass::loopback, "127.0.0.1", "127.0.0.1", false},
  };
  for (const auto& row : rows)
    EXPECT_EQ(decide(row.mode, row.kind, row.host, row.trusted), row.allowed)
        << row.host << " trusted=" << row.trusted << " mode=" << static_cast<int>(row.mode);
}

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

class PrivateNetworksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_root = new test::TempDir();
    std::ofstream(*s_root / "page.html", std::ios::binary) << "<p>internal</p>";
    s_site = new test::Peer("http_server.py", {s_root->path().string()});
    s_internal = new test::Peer("http_server.py", {s_root->path().string(), "127.0.0.2"});
  }
  static void TearDownTestSuite() {
    delete s_internal;
    delete s_site;
    delete s_root;
  }
  void SetUp() override {
    test::http_post(s_site->url("/_control/reset"), "");
    test::http_post(internal_url("/_control/reset"), "");
  }
  static std::string internal_url(const std::string& path) {
    return "http://127.0.0.2:" + std::to_string(s_internal->port()) + path;
  }
  static std::size_t internal_requests() {
    return nlohmann::json::parse(test::http_get(internal_url("/_control/log"))).size();
  }
  static HttpRequest get(std::string url, PrivateNetworks mode, std::optional<std::string> trusted = std::nullopt) {
    HttpRequest request;
    request.url = std::move(url);
    request.address_policy = AddressPolicy{mode, std::move(trusted)};
    return request;
  }

  static inline test::TempDir* s_root = nullptr;
  static inline test::Peer* s_site = nullptr;
  static inline test::Peer* s_internal = nullptr;
};

TEST_F(PrivateNetworksTest, SiteOnly_TheConfiguredLoopbackHost_IsReached) {
  auto response = fetch(get(s_site->url("/page.html"), PrivateNetworks::site_only, s_site->url("/")));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(PrivateNetworksTest, SiteOnly_RedirectToAnotherLoopbackHost_IsRefusedNamingUrlAndAddress) {
  const std::string target = internal_url("/page.html");
  auto response = fetch(get(s_site->url("/redirect?to=" + target), PrivateNetworks::site_only));
  ASSERT_FALSE(response) << "followed into 127.0.0.2: " << response->body;
  EXPECT_EQ(response.error().message, "refused to connect to 127.0.0.2:" + std::to_string(s_internal->port()) +
                                          " for URL " + target + " (loopback address; see [service] private_networks)");
  EXPECT_EQ(internal_requests(), 0u);
}

TEST_F(PrivateNetworksTest, SiteOnly_AnotherHostThanTheTrustedOne_IsRefused) {
  auto response = fetch(get(internal_url("/page.html"), PrivateNetworks::site_only, s_site->url("/")));
  ASSERT_FALSE(response);
  EXPECT_NE(response.error().message.find("refused to connect to 127.0.0.2:"), std::string::npos)
      << response.error().message;
  EXPECT_EQ(internal_requests(), 0u);
}

TEST_F(PrivateNetworksTest, Deny_RefusesEvenTheConfiguredHost) {
  const std::string url = s_site->url("/page.html");
  auto response = fetch(get(url, PrivateNetworks::deny, url));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::parse);
  EXPECT_EQ(response.error().message, "refused to connect to 127.0.0.1:" + std::to_string(s_site->port()) +
                                          " for URL " + url + " (loopback address; see [service] private_networks)");
  EXPECT_TRUE(nlohmann::json::parse(test::http_get(s_site->url("/_control/log"))).empty());
}

TEST_F(PrivateNetworksTest, Allow_FollowsRedirectToAnotherLoopbackHost) {
  auto response = fetch(get(s_site->url("/redirect?to=" + internal_url("/page.html")), PrivateNetworks::allow));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "<p>internal</p>");
  EXPECT_EQ(internal_requests(), 1u);
}

TEST_F(PrivateNetworksTest, ConnectionKeptAliveForAnotherTransfer_IsCheckedWhenReused) {
  boost::asio::io_context io;
  HttpClient client(io);  // one multi handle: one connection cache
  std::optional<Result<HttpResponse>> allowed, refused;
  client.start(get(internal_url("/page.html"), PrivateNetworks::allow), [&](Result<HttpResponse> first) {
    allowed = std::move(first);
    // The connection to 127.0.0.2 stays open for reuse; this transfer may not use it.
    client.start(get(internal_url("/page.html?again"), PrivateNetworks::site_only, s_site->url("/")),
                 [&](Result<HttpResponse> second) { refused = std::move(second); });
  });
  io.run_for(20s);
  ASSERT_TRUE(allowed && *allowed) << (allowed ? allowed->error().message : "no answer");
  ASSERT_TRUE(refused) << "no answer";
  ASSERT_FALSE(*refused) << "a reused connection bypassed the policy";
  EXPECT_NE(refused->error().message.find("refused to connect to 127.0.0.2:"), std::string::npos)
      << refused->error().message;
  EXPECT_EQ(internal_requests(), 1u);
}

TEST_F(PrivateNetworksTest, RedirectNotFollowed_ReportsItsAbsoluteTarget) {
  HttpRequest request = get(s_site->url("/redirect?to=/page.html"), PrivateNetworks::site_only);
  request.max_redirects = 0;
  auto response = fetch(request);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 302);
  EXPECT_EQ(response->redirect_url, s_site->url("/page.html"));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
