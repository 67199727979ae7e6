// `newswatch run` as a service: it crawls on its own, re-reads its config on
// SIGHUP (keeping the old one when the new one is bad) and stops cleanly on
// SIGTERM.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "tests/integration/harness.h"

extern char** environ;

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

class ServiceTest : public PipelineTest {
 protected:
  void start_service() {
    std::string log = (m_dir / "service.log").string();
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args{NEWSWATCH_BINARY, "run", "-c", m_config};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&m_pid, NEWSWATCH_BINARY, &actions, nullptr, argv.data(), environ), 0);
    posix_spawn_file_actions_destroy(&actions);
  }
  std::string log() { return read_file(m_dir / "service.log"); }
  /// Waits up to `limit` for `text` to appear in the service's log.
  bool wait_for_log(const std::string& text, std::chrono::seconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (log().find(text) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  int stop_service(int signal) {
    kill(m_pid, signal);
    int status = 0;
    waitpid(m_pid, &status, 0);
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  ~ServiceTest() override {
    if (m_pid > 0) stop_service(SIGKILL);
  }
  pid_t m_pid = -1;
};

TEST_F(ServiceTest, Run_CrawlsEverySite_AndStopsCleanlyOnSigterm) {
  start_service();
  EXPECT_TRUE(wait_for_log("crawled site=nknews")) << log();
  EXPECT_TRUE(wait_for_log("crawled site=nkjournal")) << log();
  EXPECT_TRUE(wait_for_log("crawled site=joongang-nk")) << log();
  EXPECT_EQ(stop_service(SIGTERM), 0) << log();
  EXPECT_NE(log().find("info newswatch: stopped"), std::string::npos) << log();
  RunResult items = newswatch({"items", "--limit", "1000", "--json"});
  int rows = 0;
  for (char c : items.out) rows += c == '\n';
  EXPECT_EQ(rows, 10 + 14 + 6) << "the database was closed with every crawl stored";
}

TEST_F(ServiceTest, Sighup_WithBadConfig_KeepsRunningOnTheOldOne) {
  start_service();
  ASSERT_TRUE(wait_for_log("crawled site=nknews")) << log();
  std::string good = read_file(m_config);
  write_file(m_config, good + "\n[[site]]\nname = \"broken\"\n");
  kill(m_pid, SIGHUP);
  EXPECT_TRUE(wait_for_log("config reload rejected, keeping the old config")) << log();
  EXPECT_NE(log().find("config reload rejected: " + m_config + ":"), std::string::npos) << "located diagnostic\n"
                                                                                        << log();
  write_file(m_config, good);
  kill(m_pid, SIGHUP);
  EXPECT_TRUE(wait_for_log("config reloaded: 3 sites")) << log();
  EXPECT_EQ(stop_service(SIGINT), 0) << log();
}

TEST_F(ServiceTest, Listen_ServesHealthReadinessAndMetrics) {
  const std::string base = "http://127.0.0.1:" + std::to_string(free_port());
  write_config("", "listen = \"" + base.substr(7) + "\"");
  start_service();
  ASSERT_TRUE(wait_for_log("health endpoint listening")) << log();
  EXPECT_EQ(http_get(base + "/healthz"), "ok\n");
  EXPECT_EQ(http_get(base + "/readyz"), "ready\n");
  ASSERT_TRUE(wait_for_log("crawled site=joongang-nk")) << log();
  std::string metrics = http_get(base + "/metrics");
  EXPECT_NE(metrics.find("# TYPE newswatch_crawls_total counter\nnewswatch_crawls_total 3\n"), std::string::npos)
      << metrics;
  EXPECT_NE(metrics.find("newswatch_new_items_total 30\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("newswatch_sites 3\n"), std::string::npos) << metrics;
  EXPECT_THROW(http_get(base + "/nope"), std::exception) << "unknown paths are 404";
  EXPECT_EQ(stop_service(SIGTERM), 0) << log();
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
