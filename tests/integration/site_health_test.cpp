// Health that notices, through the real binary: a site whose page suddenly yields
// no items is one operator alert however many crawls see it, and its recovery one
// more; two sites that both refuse connections are one "network down" alert.
// Crawls are `once` runs (counted, not timed); the one wait is for the wall clock
// to pass failing_after = "1s", which no load can make flaky.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

/// The operator alerts (kind site_health) the receiver accepted, in order.
std::vector<nlohmann::json> health_alerts(const std::vector<nlohmann::json>& delivered) {
  std::vector<nlohmann::json> out;
  for (const auto& body : delivered)
    if (body.value("kind", "") == "site_health") out.push_back(body);
  return out;
}

/// A loopback port nobody listens on (bound, then closed): connecting to it is refused.
int refusing_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

class SiteHealthTest : public PipelineTest {
 protected:
  /// Serves `page` as nknews's page, with a marker so every run parses it anew (not "unchanged").
  void serve_nknews(const std::string& page) {
    write_file(m_dir / "site/nknews.html", page + fmt::format("\n<!-- crawl {} -->\n", ++m_crawl));
  }
  RunResult once_nknews() { return newswatch({"once", "--site", "nknews"}); }
  int m_crawl = 0;
};

TEST_F(SiteHealthTest, PageSuddenlyYieldingNoItems_IsOneOperatorAlert_AndRecoveryOneMore) {
  write_config("", "operator_notify = \"hook\"");
  const std::string normal = read_file(m_dir / "site/nknews.html");
  ASSERT_EQ(once_nknews().exit_code, 0);
  const std::string empty = read_file(fixture_path("nknews/redirect-301-nknews.org.html"));
  for (int i = 0; i < 3; ++i) {
    serve_nknews(empty);
    RunResult run = once_nknews();
    EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
    if (i == 0)
      EXPECT_NE(run.err.find("site health site=nknews"), std::string::npos) << run.err;
    else
      EXPECT_EQ(run.err.find("site health site=nknews"), std::string::npos) << "one log line per change\n" << run.err;
  }
  auto alerts = health_alerts(delivered());
  ASSERT_EQ(alerts.size(), 1u) << nlohmann::json(alerts).dump(2);
  EXPECT_EQ(alerts[0]["event"], "site.health");
  EXPECT_EQ(alerts[0]["site"], "nknews");
  EXPECT_EQ(alerts[0]["from"], "healthy");
  EXPECT_EQ(alerts[0]["to"], "degraded");
  EXPECT_EQ(alerts[0]["reason"], "no items on a 200 page");

  RunResult status = newswatch({"status"});
  EXPECT_NE(status.out.find("nknews         degraded (no items on a 200 page)"), std::string::npos) << status.out;

  for (int i = 0; i < 4; ++i) {  // three normal crawls end it; the fourth changes nothing
    serve_nknews(normal);
    RunResult run = once_nknews();
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  }
  alerts = health_alerts(delivered());
  ASSERT_EQ(alerts.size(), 2u) << nlohmann::json(alerts).dump(2);
  EXPECT_EQ(alerts[1]["site"], "nknews");
  EXPECT_EQ(alerts[1]["from"], "degraded");
  EXPECT_EQ(alerts[1]["to"], "healthy");
  EXPECT_NE(alerts[0]["delivery"], alerts[1]["delivery"]);
  RunResult json = newswatch({"status", "--json"});
  const nlohmann::json parsed = nlohmann::json::parse(json.out);  // kept alive: the loop reads into it
  for (const auto& site : parsed["sites"])
    if (site["site"] == "nknews") {
      EXPECT_EQ(site["state"]["state"], "healthy") << site.dump();
    }
}

TEST_F(SiteHealthTest, WithoutOperatorNotify_ATransitionIsLoggedAndShown_NotSent) {
  ASSERT_EQ(once_nknews().exit_code, 0);
  serve_nknews(read_file(fixture_path("nknews/redirect-301-nknews.org.html")));
  RunResult run = once_nknews();
  EXPECT_NE(run.err.find("site health site=nknews url="), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("from=healthy to=degraded"), std::string::npos) << run.err;
  EXPECT_TRUE(health_alerts(delivered()).empty());
  RunResult status = newswatch({"status", "--json"});
  const nlohmann::json parsed = nlohmann::json::parse(status.out);  // kept alive: the loop reads into it
  for (const auto& site : parsed["sites"])
    if (site["site"] == "nknews") {
      EXPECT_EQ(site["state"]["state"], "degraded") << site.dump();
    }
}

TEST_F(SiteHealthTest, TwoSitesRefusingConnections_AreOneNetworkDownAlert_AndOneNetworkBack) {
  const int port = refusing_port();
  auto config = [&](const std::string& second_url) {
    write_file(m_config, fmt::format(R"toml(
[service]
database = "{db}"
per_host_delay = "0s"
connect_timeout = "2s"
request_timeout = "3s"
respect_robots = false
failing_after = "1s"
operator_notify = ["hook"]

[[site]]
name = "alpha"
url = "http://127.0.0.1:{port}/a.html"
extractor = "nknews"

[[site]]
name = "beta"
url = "{second}"
extractor = "nknews"

[[notify]]
name = "hook"
type = "webhook"
url = "{hook}"
)toml",
                                     fmt::arg("db", m_database), fmt::arg("port", port), fmt::arg("second", second_url),
                                     fmt::arg("hook", m_receiver.url("/hook"))));
  };
  config(fmt::format("http://127.0.0.1:{}/b.html", port));
  ASSERT_EQ(newswatch({"once"}).exit_code, 1);
  // failing_after is measured in whole seconds of the crawls' clock: let more than one pass.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  for (int i = 0; i < 3; ++i) {
    RunResult run = newswatch({"once"});
    EXPECT_EQ(run.exit_code, 1) << run.out;
  }
  auto alerts = health_alerts(delivered());
  ASSERT_EQ(alerts.size(), 1u) << nlohmann::json(alerts).dump(2);
  EXPECT_TRUE(alerts[0]["site"].is_null());
  EXPECT_EQ(alerts[0]["to"], "down");
  RunResult status = newswatch({"status"});
  EXPECT_NE(status.out.find("network down since"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("beta           failing since"), std::string::npos) << status.out;

  config(m_site.url("/nknews.html"));  // beta answers again
  newswatch({"once"});
  newswatch({"once"});
  // The network is back; alpha, still refusing, is now a failing site of its own (announced once).
  alerts = health_alerts(delivered());
  ASSERT_EQ(alerts.size(), 3u) << nlohmann::json(alerts).dump(2);
  int back = 0, alpha_failing = 0;
  for (const auto& alert : alerts) {
    back += alert["site"].is_null() && alert["to"] == "up";
    alpha_failing += alert["site"] == "alpha" && alert["to"] == "failing";
  }
  EXPECT_EQ(back, 1);
  EXPECT_EQ(alpha_failing, 1);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
