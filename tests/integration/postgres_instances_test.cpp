// Several `newswatch run` processes sharing one PostgreSQL database (issue 11), end to end, at the size the
// issue names: 500 sites on ten loopback hosts (fixture servers on 127.0.0.2 to .11, fifty sites each), two
// or three processes, one of them SIGKILLed mid-run. The servers' request logs say what the processes did
// together; the database says what they stored. Nothing waits for a time: the tests wait for counts, with
// generous guards, then check bounds a slow machine can only widen (a site's crawls at least an interval
// apart), and a webhook receiver counts deliveries by their X-Newswatch-Delivery id.

#include <signal.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"
#include "tests/support/postgres.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr int k_hosts = 10;
constexpr int k_sites_per_host = 50;
constexpr int k_sites = k_hosts * k_sites_per_host;
constexpr double k_interval = 10;  // seconds, the shortest the config allows

/// A small listing of three items whose words are the site's own (no story joins two sites' items), and,
/// once `with_news`, a fourth on top that the watch matches.
std::string listing(int host, int site, bool with_news) {
  std::string items;
  auto item = [&](const std::string& slug, const std::string& title) {
    items += fmt::format("<article class=\"card\"><h2><a href=\"/{0}/{1}\">{2}</a></h2></article>\n",
                         fmt::format("h{}s{}", host, site), slug, title);
  };
  if (with_news) item("news", fmt::format("Pyongyang h{0}s{1}x h{0}s{1}y h{0}s{1}z", host, site));
  for (int n = 0; n < 3; ++n)
    item(fmt::format("n{}", n), fmt::format("h{0}s{1}a{2} h{0}s{1}b{2} h{0}s{1}c{2}", host, site, n));
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>News</title></head><body>" + items +
         "</body></html>";
}

std::string site_name(int host, int site) {
  return fmt::format("h{}s{}", host, site);
}

class PostgresInstancesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    NEWSWATCH_SKIP_WITHOUT_POSTGRES();
    m_database = std::make_unique<PostgresDatabase>();
    m_receiver = std::make_unique<Peer>("webhook_receiver.py");
    std::string sites;
    for (int h = 0; h < k_hosts; ++h) {
      const std::string address = "127.0.0." + std::to_string(h + 2);
      const auto root = m_dir / ("host" + std::to_string(h));
      m_roots.push_back(root);
      for (int s = 0; s < k_sites_per_host; ++s) write_file(root / (site_name(h, s) + ".html"), listing(h, s, false));
      m_hosts.push_back(std::make_unique<Peer>("http_server.py", std::vector<std::string>{root.string(), address}));
      m_bases.push_back("http://" + address + ":" + std::to_string(m_hosts.back()->port()));
      for (int s = 0; s < k_sites_per_host; ++s)
        sites += fmt::format(
            "[[site]]\nname = \"{0}\"\nurl = \"{1}/{0}.html\"\nextractor = \"css\"\ninterval = \"10s\"\n"
            "[site.selectors]\nitem = \"article.card\"\ntitle = \"h2 a\"\nlink = \"h2 a @href\"\n\n",
            site_name(h, s), m_bases.back());
    }
    m_site_tables = sites;
  }

  /// Each process its own config file (and so its own control socket), all on the one database.
  /// `lease`: how long a killed process keeps its sites; short only where a test kills one (a lease must outlast a
  /// heartbeat queued behind a busy store thread, or a slow process's site could be taken and crawled twice).
  std::unique_ptr<Background> start(const std::string& name, const std::string& lease = "2m") {
    const std::string config = (m_dir / (name + ".toml")).string();
    write_file(config, fmt::format(R"toml(
[service]
database = "{}"
per_host_delay = "0s"
lease = "{}"
request_timeout = "5s"
connect_timeout = "2s"
respect_robots = false

[[notify]]
name = "hook"
type = "webhook"
url = "{}"

[[watch]]
name = "pyongyang"
query = "Pyongyang"
notify = ["hook"]

{}
)toml",
                                   m_database->uri(), lease, m_receiver->url("/hook"), m_site_tables));
    return std::make_unique<Background>(std::vector<std::string>{"run", "-c", config},
                                        (m_dir / (name + ".log")).string());
  }

  /// Arrival times of each site's page requests, from the ten servers' logs.
  std::map<std::string, std::vector<double>> page_requests() {
    std::map<std::string, std::vector<double>> out;
    for (const std::string& base : m_bases)
      for (const auto& request : nlohmann::json::parse(http_get(base + "/_control/log"))) {
        std::string path = request["path"].get<std::string>();
        if (path.ends_with(".html")) out[path.substr(1, path.size() - 6)].push_back(request["at"].get<double>());
      }
    return out;
  }
  bool every_site_requested(std::size_t times) {
    auto seen = page_requests();
    if (seen.size() < static_cast<std::size_t>(k_sites)) return false;
    return std::all_of(seen.begin(), seen.end(), [&](const auto& site) { return site.second.size() >= times; });
  }
  /// A count from the database; -1 while the first process has not created its tables yet.
  long db_count(const std::string& sql) {
    try {
      return std::stol(m_database->query_value(sql).value_or("0"));
    } catch (const std::exception&) {
      return -1;
    }
  }
  long stored_sites() { return db_count("SELECT count(*) FROM sites WHERE last_crawl_at IS NOT NULL"); }
  /// Sites whose crawls came closer than an interval (less the store's one-second rounding), but for `except`.
  /// `requests` is taken before the first process is stopped: a stopping process drops the crawls it fetched
  /// but has not stored (they are redone, as after any restart), and a process still running takes those sites
  /// at once. That second request is the one that counts, but it is not what this test is about.
  static std::vector<std::string> crawled_twice_in_an_interval(std::map<std::string, std::vector<double>> requests,
                                                               const std::set<std::string>& except = {}) {
    std::vector<std::string> out;
    for (auto& [site, times] : requests) {
      if (except.count(site)) continue;
      std::sort(times.begin(), times.end());
      for (std::size_t i = 1; i < times.size(); ++i)
        if (times[i] - times[i - 1] < k_interval - 1) {
          out.push_back(site);
          break;
        }
    }
    return out;
  }

  /// For a failure: each site's request times at its server, and the processes' log lines naming it.
  std::string evidence(const std::vector<std::string>& sites, const std::vector<const Background*>& processes) {
    std::string out;
    auto requests = page_requests();
    for (const std::string& site : sites) {
      out += site + " requested at:";
      for (double at : requests[site]) out += fmt::format(" {:.3f}", at);
      out += "\n";
      for (std::size_t p = 0; p < processes.size(); ++p) {
        const std::string log = processes[p]->log();
        for (std::size_t at = 0; at < log.size();) {
          std::size_t end = log.find('\n', at);
          if (end == std::string::npos) end = log.size();
          const std::string line = log.substr(at, end - at);
          if (line.find("site=" + site + " ") != std::string::npos || line.find(site + ":") != std::string::npos)
            out += fmt::format("  [{}] {}\n", p, line);
          at = end + 1;
        }
      }
    }
    return out;
  }

  TempDir m_dir;
  std::unique_ptr<PostgresDatabase> m_database;
  std::unique_ptr<Peer> m_receiver;
  std::vector<std::filesystem::path> m_roots;
  std::vector<std::unique_ptr<Peer>> m_hosts;
  std::vector<std::string> m_bases;
  std::string m_site_tables;
};

TEST_F(PostgresInstancesTest, TwoInstances_500Sites_EachCrawledOncePerInterval_EveryAlertDeliveredOnce) {
  auto a = start("a");
  auto b = start("b");
  // The first round stores every site (a baseline: no alert), then the next round comes an interval later.
  ASSERT_TRUE(eventually([&] { return stored_sites() == k_sites; }, std::chrono::seconds(300)))
      << stored_sites() << " of " << k_sites << " stored\n"
      << a->log() << b->log();
  // Fifty sites (five per host) gain an item the watch matches: fifty alerts, each delivered once.
  for (int h = 0; h < k_hosts; ++h)
    for (int s = 0; s < 5; ++s) write_file(m_roots[h] / (site_name(h, s) + ".html"), listing(h, s, true));
  ASSERT_TRUE(eventually(
      [&] { return db_count("SELECT count(*) FROM outbox WHERE notifier = 'hook' AND state = 'sent'") == 50; },
      std::chrono::seconds(300)))
      << m_database->query_value("SELECT count(*) FROM outbox WHERE notifier = 'hook'").value_or("?") << " queued\n"
      << a->log() << b->log();
  ASSERT_TRUE(eventually([&] { return every_site_requested(2); }, std::chrono::seconds(300)));
  const auto running = page_requests();
  a->stop(SIGTERM);
  b->stop(SIGTERM);

  const auto twice = crawled_twice_in_an_interval(running);
  EXPECT_EQ(twice, std::vector<std::string>{}) << evidence(twice, {a.get(), b.get()});
  std::map<std::string, int> deliveries;  // X-Newswatch-Delivery -> times received
  for (const auto& post : nlohmann::json::parse(http_get(m_receiver->url("/_received"))))
    ++deliveries[post["headers"].value("X-Newswatch-Delivery", "")];
  EXPECT_EQ(deliveries.size(), 50u);
  for (const auto& [id, times] : deliveries)
    EXPECT_EQ(times, 1) << "delivery " << id << " was sent " << times << " times";
  // Both processes worked: each stored crawls (its lease owner is named in neither log line; the logs say so).
  for (const auto* process : {a.get(), b.get()})
    EXPECT_NE(process->log().find("shared mode: instance"), std::string::npos) << process->log();
}

TEST_F(PostgresInstancesTest, ThreeInstances_OneKilledMidRun_TheOthersFinishItsWork) {
  auto a = start("a", "20s");
  auto b = start("b", "20s");
  auto c = start("c", "20s");
  ASSERT_TRUE(eventually([&] { return stored_sites() >= 100; }, std::chrono::seconds(300))) << a->log();
  // SIGKILL: no release. Whatever `a` held stays leased until its lease (20 s) runs out; then others take it.
  const std::string a_pid = std::to_string(a->pid());
  a->stop(SIGKILL);
  std::set<std::string> held;  // the sites `a` was crawling when it died: they may be polled again early
  {
    const auto rows = m_database->query_value(
        "SELECT coalesce(string_agg(l.site, ','), '') FROM host_leases l JOIN instances i ON i.id = l.owner "
        "WHERE i.pid = " +
        a_pid + " AND l.owner <> ''");
    std::string list = rows.value_or("");
    for (std::size_t at = 0; at < list.size();) {
      std::size_t comma = list.find(',', at);
      if (comma == std::string::npos) comma = list.size();
      held.insert(list.substr(at, comma - at));
      at = comma + 1;
    }
  }
  ASSERT_TRUE(eventually([&] { return stored_sites() == k_sites; }, std::chrono::seconds(300)))
      << stored_sites() << " of " << k_sites << " stored\n"
      << b->log() << c->log();
  ASSERT_TRUE(eventually([&] { return every_site_requested(2); }, std::chrono::seconds(300)));
  const auto running = page_requests();
  b->stop(SIGTERM);
  c->stop(SIGTERM);
  EXPECT_LE(held.size(), static_cast<std::size_t>(k_hosts)) << "one lease per host at most";
  const auto twice = crawled_twice_in_an_interval(running, held);
  EXPECT_EQ(twice, std::vector<std::string>{}) << evidence(twice, {b.get(), c.get()});
  // The survivors stopped cleanly; the killed one is still listed (its heartbeat ended), never live again.
  EXPECT_EQ(m_database->query_value("SELECT count(*) FROM instances WHERE pid <> " + a_pid), "0");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
