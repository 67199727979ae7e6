// RobotsGate on a real loop against the loopback fixture server: the verdict
// a crawl reports is the same whether robots.txt was just fetched or cached,
// and a robots.txt larger than the fetch cap is read up to 500 KiB, not failed.

#include "crawler/robots_gate.h"

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

constexpr const char* k_ua = "newswatch/0.1 (+https://example.org/newswatch)";

class RobotsGateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_root = new test::TempDir();
    s_server = new test::Peer("http_server.py", {s_root->path().string()});
  }
  static void TearDownTestSuite() {
    delete s_server;
    delete s_root;
  }
  void SetUp() override { test::http_post(s_server->url("/_control/reset"), ""); }

  /// Serves `text` as /robots.txt from now on.
  static void serve_robots(std::string_view text) { test::write_file(*s_root / "robots.txt", text); }

  /// Asks the gate about `path` and runs the loop until it answers (20 s is only a hang guard).
  RobotsVerdict check(const std::string& path) {
    std::optional<RobotsVerdict> got;
    m_gate.check(s_server->url(path), RobotsFetch{}, [&](RobotsVerdict verdict) {
      got = std::move(verdict);
      m_io.stop();
    });
    m_io.restart();
    if (!got) m_io.run_for(20s);
    if (!got) {
      ADD_FAILURE() << "no verdict for " << path;
      return {};
    }
    return *got;
  }

  static int robots_fetches() {
    int count = 0;
    for (const auto& request : nlohmann::json::parse(test::http_get(s_server->url("/_control/log"))))
      count += request["path"] == "/robots.txt";
    return count;
  }

  static inline test::Peer* s_server = nullptr;
  static inline test::TempDir* s_root = nullptr;
  boost::asio::io_context m_io;
  HttpClient m_http{m_io};
  Politeness m_politeness{m_io, Millis(0), 4};
  RobotsGate m_gate{m_http, m_politeness, k_ua, true};
};

TEST_F(RobotsGateTest, CachedVerdict_IsWordedLikeTheFirst_AndNamesThePath) {
  serve_robots("User-agent: *\nDisallow: /private\n");
  const RobotsVerdict fresh = check("/private/a.html");
  const RobotsVerdict cached = check("/private/a.html");
  EXPECT_FALSE(fresh.allowed);
  EXPECT_FALSE(cached.allowed);
  EXPECT_EQ(cached.reason, fresh.reason);
  EXPECT_EQ(fresh.reason, "disallowed by " + s_server->url("") + "/robots.txt for path /private/a.html");
  EXPECT_TRUE(check("/public.html").allowed);
  EXPECT_EQ(robots_fetches(), 1) << "the second and third answers come from the cache";
}

TEST_F(RobotsGateTest, RobotsTxtOver512KiB_IsReadUpTo500KiB_NotFailed) {
  std::string text = "User-agent: *\nDisallow: /private\n";
  while (text.size() < 600 * 1024) text += "# filler: a big robots.txt must not block the whole site\n";
  text += "Disallow: /late\n";  // beyond 500 KiB: ignored
  serve_robots(text);
  const RobotsVerdict denied = check("/private/a.html");
  EXPECT_FALSE(denied.allowed);
  EXPECT_EQ(denied.reason, "disallowed by " + s_server->url("") + "/robots.txt for path /private/a.html");
  EXPECT_TRUE(check("/public.html").allowed) << check("/public.html").reason;
  EXPECT_TRUE(check("/late.html").allowed);
  EXPECT_EQ(robots_fetches(), 1);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
