// The crawl pipeline's bounds, through the real binary: page bodies fetched but not yet parsed never exceed
// [service] max_pending_pages (and every slot comes back, whatever became of the page); a store stuck behind
// another process's write lock stops the fetches once its slots (two batches) and the page slots are full,
// instead of every due site's items queueing for it; and SIGTERM ends a `run` within 10 s with that backlog;
// what it had not stored is crawled again by the next `once`, and nothing stored before is lost.
#include <chrono>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

/// A listing of `items` stories of site `site`, newest first, padded with `filler` paragraphs (parse time).
std::string listing(int site, int items, int filler) {
  std::string html = "<!doctype html><html><head><title>Site</title></head><body><ul>\n";
  for (int i = items; i >= 1; --i)
    html += fmt::format("<li class=\"i\"><a href=\"/s{0}/story-{1}\">Story {1} of site {0}</a></li>\n", site, i);
  html += "</ul>\n";
  for (int i = 0; i < filler; ++i) html += "<p>filler <b>text</b> that only costs parse time</p>\n";
  return html + "</body></html>\n";
}

std::string css_site(const std::string& name, const std::string& url) {
  return fmt::format(
      "[[site]]\nname = \"{}\"\nurl = \"{}\"\nextractor = \"css\"\ninterval = \"1h\"\n"
      "[site.selectors]\nitem = \"li.i\"\ntitle = \"a\"\nlink = \"a @href\"\n\n",
      name, url);
}

class PipelineBounds : public ::testing::Test {
 protected:
  PipelineBounds()
      : m_site("http_server.py", {(m_dir / "site").string()}),
        m_config((m_dir / "newswatch.toml").string()),
        m_database((m_dir / "newswatch.db").string()),
        m_listen("127.0.0.1:" + std::to_string(free_port())) {}

  /// Serves `count` sites' listings of `items` stories each.
  void serve_sites(int count, int items, int filler) {
    for (int i = 0; i < count; ++i) write_file(m_dir / "site" / fmt::format("s{}.html", i), listing(i, items, filler));
  }
  void write_config(const std::string& service_extra, const std::string& sites) {
    write_file(m_config, fmt::format("[service]\ndatabase = \"{}\"\nper_host_delay = \"0s\"\nrespect_robots = false\n"
                                     "request_timeout = \"20s\"\nlisten = \"{}\"\n{}\n\n{}",
                                     m_database, m_listen, service_extra, sites));
  }
  std::string sites_config(int count) {
    std::string sites;
    for (int i = 0; i < count; ++i) sites += css_site(fmt::format("s{}", i), m_site.url(fmt::format("/s{}.html", i)));
    return sites;
  }
  /// The value of a /metrics line, or -1 while the endpoint is not up.
  long long metric(const std::string& name) {
    std::string body;
    try {
      body = http_get("http://" + m_listen + "/metrics");
    } catch (const std::exception&) {
      return -1;
    }
    auto at = body.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stoll(body.substr(at + name.size() + 2));
  }
  /// How many items the database holds (`newswatch items --json`, one line each).
  int stored_items() {
    RunResult listed = run_binary({"items", "--json", "--limit", "10000", "-c", m_config}, m_dir.path().string());
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    int lines = 0;
    for (char c : listed.out) lines += c == '\n';
    return lines;
  }
  /// GETs of the sites' listings the fixture server has answered since its log was last reset.
  int listing_requests() {
    int count = 0;
    for (const auto& entry : nlohmann::json::parse(http_get(m_site.url("/_control/log"))))
      count += entry["path"].get<std::string>().starts_with("/s");
    return count;
  }

  TempDir m_dir;
  Peer m_site;
  std::string m_config;
  std::string m_database;
  std::string m_listen;
};

TEST_F(PipelineBounds, PendingBodies_NeverExceedTheCap_AndEverySlotComesBack) {
  constexpr int k_sites = 40;
  serve_sites(k_sites, 3, 3000);  // ~190 KB each: one parse thread falls behind the fetches
  // Pages that end otherwise give their slot back too: a 404, a redirect to a listing, a refused redirect.
  std::string sites = sites_config(k_sites) + css_site("missing", m_site.url("/nothing-here.html")) +
                      css_site("moved", m_site.url("/redirect?to=" + m_site.url("/s0.html"))) +
                      css_site("refused", m_site.url("/redirect?to=ftp://127.0.0.1/x"));
  write_config("concurrency = 16\nparse_threads = 1\nmax_pending_pages = 2", sites);
  Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
  ASSERT_TRUE(eventually([&] { return metric("newswatch_crawls_total") >= k_sites + 3; })) << service.log();
  EXPECT_TRUE(eventually([&] { return metric("newswatch_pages_pending") == 0; })) << "a slot was never given back";
  EXPECT_EQ(metric("newswatch_pages_pending_limit"), 2);
  const long long peak = metric("newswatch_pages_pending_peak");
  RecordProperty("pages_pending_peak", std::to_string(peak));  // 2 when the parse fell behind, as designed
  EXPECT_GE(peak, 1);
  EXPECT_LE(peak, 2) << "more bodies were pending than max_pending_pages allows";
  EXPECT_EQ(metric("newswatch_pages_waiting"), 0);
  service.stop(SIGTERM);
  EXPECT_EQ(stored_items(), k_sites * 3) << service.log();
}

TEST_F(PipelineBounds, SigtermWithAStoreBacklog_ExitsWithin10s_AndTheNextOnceStoresEverything) {
  constexpr int k_sites = 100;
  constexpr int k_pending_pages = 4;
  serve_sites(k_sites, 3, 0);
  write_config(fmt::format("max_pending_pages = {}", k_pending_pages), sites_config(k_sites));
  RunResult first = run_binary({"once", "-c", m_config}, m_dir.path().string());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  ASSERT_EQ(stored_items(), k_sites * 3);

  serve_sites(k_sites, 5, 0);                               // two new stories on every site
  run_sql(m_database, "UPDATE sites SET next_due_at = 0");  // all due as soon as the service starts
  http_post(m_site.url("/_control/reset"), "");
  WriteLock lock(m_database, (m_dir / "locked").string());
  ASSERT_TRUE(eventually([&] { return lock.held(); }));
  Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
  // The store's slots fill with crawls it cannot write, then the page slots with parsed crawls waiting for room
  // there; then nothing more is fetched.
  ASSERT_TRUE(eventually([&] {
    return metric("newswatch_store_pending") == metric("newswatch_store_pending_limit") &&
           metric("newswatch_store_waiting") == k_pending_pages;
  })) << service.log();
  const long long store_limit = metric("newswatch_store_pending_limit");
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // time for fetches the bound failed to stop
  const int fetched = listing_requests();
  // A crawl the store gave up on (its lock wait, 5 s, ran out) frees its slot for one more fetch: counted after.
  const long long answered = metric("newswatch_crawls_total");
  RecordProperty("listings_fetched_with_the_store_stuck", std::to_string(fetched));
  EXPECT_LE(fetched, store_limit + k_pending_pages + answered) << "fetches went on while the store could not keep up";
  ASSERT_LT(store_limit + k_pending_pages, k_sites) << "the test needs more sites than the pipeline holds";

  const auto signalled = std::chrono::steady_clock::now();
  service.signal(SIGTERM);
  ASSERT_TRUE(eventually([&] { return service.exited(); }, std::chrono::seconds(60))) << service.log();
  const auto took = std::chrono::steady_clock::now() - signalled;
  RecordProperty("ms_to_exit", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(took).count()));
  EXPECT_LT(took, std::chrono::seconds(10)) << service.log();
  EXPECT_EQ(service.exit_code(), 0) << service.log();
  EXPECT_NE(service.log().find("crawls not yet stored are dropped"), std::string::npos)
      << "the test must stop the service with a backlog\n"
      << service.log();

  lock.release();
  RunResult again = run_binary({"once", "-c", m_config}, m_dir.path().string());
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(stored_items(), k_sites * 5) << "every new story stored, none of the earlier ones lost";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
