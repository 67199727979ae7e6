// A service killed with SIGKILL in the middle of crawling, again and again,
// then restarted: no item lost or doubled, no alert lost, no alert delivered
// under two ids. This is DESIGN.md's invariants 1 and 2 under a real crash.

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "store/store.h"
#include "tests/integration/harness.h"

extern char** environ;

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr int k_sites = 30;

/// The nkjournal page with its article ids moved into a range of their own, so each site has distinct items.
std::string page_for_site(const std::string& page, int site) {
  std::string out = page;
  const std::string from = "/11095", to = fmt::format("/{}95", 200 + site);
  for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
    out.replace(at, from.size(), to);
  return out;
}

class CrashTest : public PipelineTest {
 protected:
  void write_sites(const char* fixture) {
    std::string page = read_file(fixture_path(fixture));
    for (int i = 0; i < k_sites; ++i) write_file(m_dir / fmt::format("site/pr{}.html", i), page_for_site(page, i));
  }
  std::string many_sites_config() {
    // Every site carries the same stories: the harness's "israel" watch alerts once per story (2 in all), this
    // one once per item (2 per site), so a lost or doubled alert anywhere shows in the counts.
    std::string extra =
        "[[watch]]\nname = \"israel-every-site\"\nquery = 'Israel'\nonce_per_story = false\n"
        "notify = [\"hook\"]\n\n";
    for (int i = 0; i < k_sites; ++i)
      extra += fmt::format("[[site]]\nname = \"pr{}\"\nurl = \"{}\"\nextractor = \"menafn\"\n\n", i,
                           m_site.url(fmt::format("/pr{}.html", i)));
    return extra;
  }
  /// Starts `newswatch once` (crawl every site, deliver) and kills it with SIGKILL after `after`.
  void run_and_kill(std::chrono::milliseconds after) {
    std::vector<std::string> args{NEWSWATCH_BINARY, "once", "-c", m_config, "--log-level", "warn"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    ASSERT_EQ(posix_spawn(&pid, NEWSWATCH_BINARY, nullptr, nullptr, argv.data(), environ), 0);
    std::this_thread::sleep_for(after);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++m_killed_mid_run;  // else it had already finished: that round tested nothing
  }
  int m_killed_mid_run = 0;
};

TEST_F(CrashTest, SigkillMidCrawl_RestartLosesNothingAndSendsNothingTwice) {
  write_sites("menafn/press-releases-older.html");
  write_config(many_sites_config());
  ASSERT_EQ(newswatch({"once"}).exit_code, 0) << "baseline";
  write_sites("menafn/press-releases.html");

  std::mt19937 random(12345);
  for (int round = 0; round < 4; ++round)
    run_and_kill(std::chrono::milliseconds(std::uniform_int_distribution<int>(60, 600)(random)));
  EXPECT_GE(m_killed_mid_run, 2) << "the kills must land while the process is working";
  RunResult finish = newswatch({"once"});
  ASSERT_EQ(finish.exit_code, 0) << finish.out << finish.err;

  auto store = open_sqlite_store(m_database);
  ASSERT_TRUE(store) << store.error().message;
  for (int i = 0; i < k_sites; ++i) {
    ItemQuery query;
    query.site = fmt::format("pr{}", i);
    query.limit = 1000;
    auto items = (*store)->items(query);
    ASSERT_TRUE(items);
    std::set<std::string> urls;
    for (const auto& stored : *items) urls.insert(stored.item.url);
    EXPECT_EQ(items->size(), 20u) << "site pr" << i << ": every press release stored once";
    EXPECT_EQ(urls.size(), items->size()) << "site pr" << i << ": an item stored twice";
  }
  auto counts = (*store)->outbox_counts();
  ASSERT_TRUE(counts);
  // Two Israel items per site; a story's first item also matches the once-per-story watch, and both watches
  // notify "hook", so that item is one alert naming both.
  const int expected_alerts = 2 * k_sites, expected_matches = 2 * k_sites + 2;
  EXPECT_EQ(counts->sent, expected_alerts) << "two Israel alerts per site, none lost";
  EXPECT_EQ(counts->pending + counts->failed, 0);

  std::map<std::string, std::set<std::string>> ids_by_alert;  // (watch, url) -> delivery ids seen
  for (const auto& body : delivered())
    for (const auto& watch : body.value("watches", nlohmann::json::array({body["watch"]})))
      ids_by_alert[watch.get<std::string>() + " " + body["item"]["url"].get<std::string>()].insert(
          body["delivery"].get<std::string>());
  EXPECT_EQ(ids_by_alert.size(), static_cast<std::size_t>(expected_matches))
      << "every watch's match reached the receiver";
  for (const auto& [alert, ids] : ids_by_alert) EXPECT_EQ(ids.size(), 1u) << alert << " delivered under two ids";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
