// Several `newswatch run` processes on one SQLite file in shared mode (`[service] shared = true`), end to
// end: four fixture servers on four loopback addresses are four hosts with two sites each, and the servers'
// request logs (each request's arrival time) say what the processes did together. Nothing waits for a time:
// the tests wait for request counts, with generous guards, and then check bounds that a slow machine can
// only widen (a site's crawls at least an interval apart, a host's requests at least its delay apart).

#include <signal.h>

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr int k_hosts = 4;
constexpr int k_sites_per_host = 2;
constexpr double k_interval = 10;       // seconds, the shortest the config allows
constexpr double k_per_host_delay = 2;  // seconds
constexpr double k_delay_slack = 0.25;  // a request's own connect time may differ from the one before it

class SharedInstancesTest : public ::testing::Test {
 protected:
  SharedInstancesTest() {
    std::string sites;
    for (int h = 0; h < k_hosts; ++h) {
      const std::string address = "127.0.0." + std::to_string(h + 2);
      const auto root = m_dir / ("host" + std::to_string(h));
      for (int s = 0; s < k_sites_per_host; ++s) {
        const std::string name = fmt::format("site-{}-{}", h, s);
        write_file(root / (name + ".html"), read_file(fixture_path("nknews/listing-2021-01-latest.html")));
        m_sites.push_back(name);
      }
      m_hosts.push_back(std::make_unique<Peer>("http_server.py", std::vector<std::string>{root.string(), address}));
      m_bases.push_back("http://" + address + ":" + std::to_string(m_hosts.back()->port()));
      for (int s = 0; s < k_sites_per_host; ++s)
        sites += fmt::format(
            "[[site]]\nname = \"site-{0}-{1}\"\nurl = \"{2}/site-{0}-{1}.html\"\nextractor = "
            "\"nknews\"\ninterval = \"10s\"\n\n",
            h, s, m_bases.back());
    }
    m_site_tables = sites;
    write_config(m_config, "");
  }

  void write_config(const std::string& path, const std::string& service_extra) {
    write_file(path, fmt::format(R"toml(
[service]
database = "{}"
shared = true
per_host_delay = "2s"
request_timeout = "3s"
connect_timeout = "2s"
{}

{}
)toml",
                                 m_database, service_extra, m_site_tables));
  }

  std::unique_ptr<Background> start(const std::string& name, const std::string& config = "") {
    return std::make_unique<Background>(std::vector<std::string>{"run", "-c", config.empty() ? m_config : config},
                                        (m_dir / (name + ".log")).string());
  }

  /// Arrival times of every request each host received, and of each site's page.
  struct Requests {
    std::vector<std::vector<double>> by_host;
    std::map<std::string, std::vector<double>> by_site;
  };
  Requests requests() {
    Requests out;
    for (int h = 0; h < k_hosts; ++h) {
      out.by_host.emplace_back();
      for (const auto& request : nlohmann::json::parse(http_get(m_bases[h] + "/_control/log"))) {
        const double at = request["at"].get<double>();
        out.by_host.back().push_back(at);
        std::string path = request["path"].get<std::string>();
        if (path.ends_with(".html")) out.by_site[path.substr(1, path.size() - 6)].push_back(at);
      }
    }
    return out;
  }
  bool every_site_crawled(std::size_t times) {
    Requests seen = requests();
    return std::all_of(m_sites.begin(), m_sites.end(),
                       [&](const std::string& site) { return seen.by_site[site].size() >= times; });
  }
  /// The shortest gap between two consecutive times of `times` (sorted here); a large value for fewer than 2.
  static double shortest_gap(std::vector<double> times) {
    std::sort(times.begin(), times.end());
    double gap = 1e9;
    for (std::size_t i = 1; i < times.size(); ++i) gap = std::min(gap, times[i] - times[i - 1]);
    return gap;
  }
  /// Every site's crawls at least an interval apart (less the store's one-second rounding), every host's
  /// requests at least its delay apart: what two processes crawling the same site or host at once would break.
  void expect_no_double_crawl(const Requests& seen) {
    for (const std::string& site : m_sites)
      EXPECT_GE(shortest_gap(seen.by_site.at(site)), k_interval - 1) << site << " was crawled twice in an interval";
    for (int h = 0; h < k_hosts; ++h)
      EXPECT_GE(shortest_gap(seen.by_host[h]), k_per_host_delay - k_delay_slack)
          << m_bases[h] << " had two requests closer than per_host_delay";
  }

  /// `status --json`; {} while it cannot answer yet (the first process is still creating the database).
  nlohmann::json status() {
    RunResult run = run_binary({"status", "--json", "-c", m_config}, m_dir.path().string());
    return run.exit_code == 0 ? nlohmann::json::parse(run.out) : nlohmann::json::object();
  }
  /// Instances `status` shows as live.
  std::size_t live_instances() {
    nlohmann::json shown = status();
    if (!shown.contains("instances")) return 0;
    return static_cast<std::size_t>(std::count_if(shown["instances"].begin(), shown["instances"].end(),
                                                  [](const auto& i) { return i["live"].template get<bool>(); }));
  }
  /// Every site's crawl stored and no lease held: a process killed now leaves nothing to expire.
  bool all_stored_none_leased() {
    nlohmann::json shown = status();
    if (!shown.contains("sites")) return false;
    for (const auto& site : shown["sites"])
      if (site["last_crawl"] == "-") return false;
    for (const auto& instance : shown.value("instances", nlohmann::json::array()))
      if (!instance["leases"].empty()) return false;
    return true;
  }

  TempDir m_dir;
  std::string m_config = (m_dir / "newswatch.toml").string();
  std::string m_database = (m_dir / "newswatch.db").string();
  std::vector<std::unique_ptr<Peer>> m_hosts;
  std::vector<std::string> m_bases;
  std::vector<std::string> m_sites;
  std::string m_site_tables;  ///< the [[site]] tables of every config
};

TEST_F(SharedInstancesTest, TwoProcesses_CrawlEachSiteOncePerInterval_AndEachHostOneRequestAtATime) {
  auto a = start("a");
  auto b = start("b");
  // `status` names both processes, alive.
  EXPECT_TRUE(eventually([&] { return live_instances() == 2; })) << status().dump(2);

  constexpr std::size_t k_rounds = 3;
  ASSERT_TRUE(eventually([&] { return every_site_crawled(k_rounds); }, std::chrono::seconds(180)))
      << a->log() << b->log();
  // Requests are counted up to the first stop: a stopping process drops the crawls it fetched but did not store,
  // and one still running redoes them at once (README "PostgreSQL", "Stopping an instance"; so on SQLite).
  const Requests running = requests();
  a->stop(SIGTERM);
  b->stop(SIGTERM);
  expect_no_double_crawl(running);
  for (const auto* process : {a.get(), b.get()}) {
    EXPECT_NE(process->log().find("shared mode: instance"), std::string::npos) << process->log();
    EXPECT_NE(process->log().find("leases released"), std::string::npos) << "a stop releases its leases\n"
                                                                         << process->log();
  }
  // Both stopped cleanly: neither is listed any more.
  const nlohmann::json after = status();
  EXPECT_TRUE(after.contains("sites")) << after.dump(2);
  EXPECT_FALSE(after.contains("instances")) << after.dump(2);
}

TEST_F(SharedInstancesTest, KilledProcess_AnotherTakesItsSitesAtTheirDueTime_NotEarlier) {
  auto a = start("a");
  ASSERT_TRUE(eventually([&] { return all_stored_none_leased(); })) << a->log();
  a->stop(SIGKILL);  // no release, no goodbye: its row stays, its leases (if any) expire
  // B alone, with /metrics (its own config: the same database, its own port).
  const std::string listen = "127.0.0.1:" + std::to_string(free_port());
  const std::string b_config = (m_dir / "b.toml").string();
  write_config(b_config, "listen = \"" + listen + "\"");
  // B's own crawls: one more of every site than `a` had made (a fast `a` may have crawled each twice already).
  std::size_t before = 0;
  for (const auto& [site, times] : requests().by_site) before = std::max(before, times.size());
  auto b = start("b", b_config);
  ASSERT_TRUE(eventually([&] { return every_site_crawled(before + 1); }, std::chrono::seconds(180))) << b->log();
  std::string metrics;
  ASSERT_TRUE(eventually([&] {
    try {
      metrics = http_get("http://" + listen + "/metrics");
      return true;
    } catch (const std::exception&) {
      return false;
    }
  })) << b->log();
  EXPECT_NE(metrics.find("newswatch_instance_info{instance=\"pid"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("newswatch_leases_held "), std::string::npos) << metrics;
  b->stop(SIGTERM);
  expect_no_double_crawl(requests());
  EXPECT_NE(b->log().find("shared mode: instance"), std::string::npos) << b->log();
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
