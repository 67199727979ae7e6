// Redirects and the network edge, end to end through `newswatch once`: a
// redirect to another origin passes that origin's robots.txt; robots.txt is
// fetched within request_timeout; a redirect into another loopback host (a
// stand-in for the private network) is refused, and `private_networks`
// decides what the configured sites themselves may reach.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

class RedirectPolicyTest : public PipelineTest {
 protected:
  /// Starts a second fixture server (another origin) on `host`, serving an nknews page at /private/page.html.
  void start_other(const std::string& host, const std::string& robots) {
    write_file(m_dir / "other/private/page.html", read_file(fixture_path("nknews/listing-2021-01-latest.html")));
    if (!robots.empty()) write_file(m_dir / "other/robots.txt", robots);
    m_other = std::make_unique<Peer>("http_server.py", std::vector<std::string>{(m_dir / "other").string(), host});
    m_other_base = "http://" + host + ":" + std::to_string(m_other->port());
  }
  /// Paths the other origin was asked for.
  std::vector<std::string> other_paths() {
    std::vector<std::string> paths;
    for (const auto& request : nlohmann::json::parse(http_get(m_other_base + "/_control/log")))
      paths.push_back(request["path"].get<std::string>());
    return paths;
  }
  /// Adds a site "moved" whose URL redirects to `target`; `service_extra` goes to [service].
  void add_moved_site(const std::string& target, const std::string& service_extra = "") {
    write_config(R"toml(
[[site]]
name = "moved"
url = ")toml" + m_site.url("/redirect?to=") +
                     target + R"toml("
extractor = "nknews"
)toml",
                 service_extra);
  }
  static bool contains(const std::vector<std::string>& paths, const std::string& path) {
    return std::find(paths.begin(), paths.end(), path) != paths.end();
  }

  std::unique_ptr<Peer> m_other;
  std::string m_other_base;
};

TEST_F(RedirectPolicyTest, RedirectToAnotherOrigin_DisallowedByItsRobotsTxt_IsNeverFetched) {
  start_other("127.0.0.1", "User-agent: *\nDisallow: /private/\n");
  add_moved_site(m_other_base + "/private/page.html");
  RunResult run = newswatch({"once", "--site", "moved"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("moved: FAILED"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(m_other_base + "/robots.txt"), std::string::npos) << run.out;
  auto paths = other_paths();
  EXPECT_TRUE(contains(paths, "/robots.txt")) << "the target origin's robots.txt was not asked";
  EXPECT_FALSE(contains(paths, "/private/page.html")) << "a page its robots.txt disallows was fetched";
}

TEST_F(RedirectPolicyTest, RedirectToAnotherOrigin_AllowedByItsRobotsTxt_IsFetched) {
  start_other("127.0.0.1", "User-agent: *\nDisallow: /elsewhere/\n");
  add_moved_site(m_other_base + "/private/page.html");
  RunResult run = newswatch({"once", "--site", "moved"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("moved: HTTP 200, 10 items"), std::string::npos) << run.out;
  EXPECT_EQ(other_paths(), (std::vector<std::string>{"/robots.txt", "/private/page.html"}));
}

TEST_F(RedirectPolicyTest, RedirectLoop_StopsAfterFiveHops) {
  write_config(R"toml(
[[site]]
name = "loop"
url = ")toml" + m_site.url("/redirect-loop") +
               R"toml("
extractor = "nknews"
)toml");
  RunResult run = newswatch({"once", "--site", "loop"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("loop: FAILED too many redirects (max 5) from " + m_site.url("/redirect-loop")),
            std::string::npos)
      << run.out;
}

/// A loopback port that accepts connections (the kernel completes them) but never answers.
class SilentListener {
 public:
  SilentListener() : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(m_fd, 16);
    socklen_t length = sizeof address;
    ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(m_fd); }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(m_port) + path; }

 private:
  int m_fd;
  int m_port = 0;
};

TEST_F(RedirectPolicyTest, SilentRobotsTxt_TimesOutAtRequestTimeout) {
  SilentListener silent;
  write_config(R"toml(
[[site]]
name = "silent"
url = ")toml" + silent.url("/page.html") +
               R"toml("
extractor = "nknews"
)toml");
  RunResult run = newswatch({"once", "--site", "silent"});  // the harness sets request_timeout = "3s"
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find("silent: FAILED robots.txt unreachable: timed out fetching " + silent.url("/robots.txt") +
                         " (limits: connect 2s, total 3s)"),
            std::string::npos)
      << run.out;
}

TEST_F(RedirectPolicyTest, RedirectToAnotherLoopbackHost_IsRefused_NothingStored) {
  start_other("127.0.0.2", "");
  const std::string target = m_other_base + "/private/page.html";
  add_moved_site(target, "respect_robots = false");
  RunResult run = newswatch({"once", "--site", "moved"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("moved: FAILED refused to connect to 127.0.0.2:" + std::to_string(m_other->port()) +
                         " for URL " + target + " (loopback address; see [service] private_networks)"),
            std::string::npos)
      << run.out;
  EXPECT_TRUE(other_paths().empty());
  RunResult items = newswatch({"items", "--site", "moved", "--json"});
  EXPECT_EQ(items.out, "");
}

TEST_F(RedirectPolicyTest, RedirectToAnotherLoopbackHost_ItsRobotsTxtIsRefusedToo) {
  start_other("127.0.0.2", "");
  add_moved_site(m_other_base + "/private/page.html");
  RunResult run = newswatch({"once", "--site", "moved"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("robots.txt unreachable: refused to connect to 127.0.0.2:"), std::string::npos) << run.out;
  EXPECT_TRUE(other_paths().empty());
}

TEST_F(RedirectPolicyTest, PrivateNetworksAllow_FollowsRedirectToAnotherLoopbackHost) {
  start_other("127.0.0.2", "");
  add_moved_site(m_other_base + "/private/page.html", "private_networks = \"allow\"");
  RunResult run = newswatch({"once", "--site", "moved"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("moved: HTTP 200, 10 items"), std::string::npos) << run.out;
}

TEST_F(RedirectPolicyTest, PrivateNetworksDeny_RefusesEvenTheConfiguredLoopbackSites) {
  write_config("", "private_networks = \"deny\"");
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  for (const char* site : {"nknews", "nkjournal", "joongang-nk"})
    EXPECT_NE(run.out.find(std::string(site) + ": FAILED robots.txt unreachable: refused to connect to 127.0.0.1:" +
                           std::to_string(m_site.port()) + " for URL " + m_site.url("/robots.txt") +
                           " (loopback address; see [service] private_networks)"),
              std::string::npos)
        << run.out;
  EXPECT_TRUE(nlohmann::json::parse(http_get(m_site.url("/_control/log"))).empty()) << "nothing reached the site";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
