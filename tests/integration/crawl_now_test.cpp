// `newswatch crawl` against the real service: the running service crawls on
// request through its control socket; with no service it says so and touches
// nothing. Sites crawl every 10 minutes (the default), so a second crawl within
// a test is the requested one; every wait is for an event, bounded by a guard.

#include <signal.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

class CrawlNowTest : public PipelineTest {
 protected:
  std::string socket_path() const { return m_database + ".sock"; }
  std::unique_ptr<Background> start_service() {
    auto service =
        std::make_unique<Background>(std::vector<std::string>{"run", "-c", m_config}, (m_dir / "service.log").string());
    EXPECT_TRUE(eventually([&] { return service->log().find("control socket listening on") != std::string::npos; }))
        << service->log();
    return service;
  }
  static int count(const std::string& text, const std::string& what) {
    int n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }
  int stored_items(const std::string& site) {
    return count(newswatch({"items", "--site", site, "--limit", "1000", "--json"}).out, "\n");
  }
};

TEST_F(CrawlNowTest, RunningService_CrawlsTheChangedPageNow_NotInTenMinutes) {
  auto service = start_service();
  ASSERT_TRUE(eventually([&] { return service->log().find("crawled site=nknews") != std::string::npos; }))
      << service->log();
  ASSERT_EQ(stored_items("nknews"), 10);
  serve_after_pages();
  RunResult crawl = newswatch({"crawl", "--site", "nknews"});
  EXPECT_EQ(crawl.exit_code, 0) << crawl.out << crawl.err;
  EXPECT_NE(crawl.out.find("queued 1: nknews"), std::string::npos) << crawl.out;
  ASSERT_TRUE(eventually([&] { return count(service->log(), "crawled site=nknews") == 2; })) << service->log();
  EXPECT_GT(stored_items("nknews"), 10) << service->log();
  EXPECT_EQ(count(service->log(), "crawled site=nkjournal"), 1) << "only the named site";
}

TEST_F(CrawlNowTest, NoSiteNamed_QueuesEverySite) {
  auto service = start_service();
  ASSERT_TRUE(eventually([&] { return count(service->log(), "crawled site=") == 3; })) << service->log();
  RunResult crawl = newswatch({"crawl"});
  EXPECT_EQ(crawl.exit_code, 0) << crawl.err;
  EXPECT_NE(crawl.out.find("queued 3: nknews nkjournal joongang-nk"), std::string::npos) << crawl.out;
  ASSERT_TRUE(eventually([&] { return count(service->log(), "crawled site=") == 6; })) << service->log();
  EXPECT_EQ(count(service->log(), "status=304: not modified"), 3) << service->log();
}

TEST_F(CrawlNowTest, NoService_SaysSoAndExitsOne_WithoutCreatingTheDatabase) {
  RunResult crawl = newswatch({"crawl"});
  EXPECT_EQ(crawl.exit_code, 1);
  EXPECT_NE(crawl.err.find("no running newswatch service (no socket at " + socket_path() + "); use `newswatch once`"),
            std::string::npos)
      << crawl.err;
  EXPECT_FALSE(std::filesystem::exists(m_database)) << "crawl never opens the database";
}

TEST_F(CrawlNowTest, KilledService_LeavesAStaleSocket_ThatCrawlSeesThrough_AndTheNextServiceReplaces) {
  auto service = start_service();
  service->stop(SIGKILL);
  ASSERT_TRUE(std::filesystem::exists(socket_path())) << "a killed service cannot remove its socket";
  RunResult crawl = newswatch({"crawl"});
  EXPECT_EQ(crawl.exit_code, 1);
  EXPECT_NE(crawl.err.find("no running newswatch service (nothing answers at " + socket_path() + ")"),
            std::string::npos)
      << crawl.err;
  auto again = start_service();
  EXPECT_EQ(newswatch({"crawl"}).exit_code, 0) << again->log();
  again->stop(SIGTERM);
  EXPECT_FALSE(std::filesystem::exists(socket_path())) << "a clean stop removes the socket";
}

TEST_F(CrawlNowTest, Socket_IsForTheServiceUserOnly) {
  auto service = start_service();
  struct stat st {};
  ASSERT_EQ(stat(socket_path().c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(CrawlNowTest, UnknownSite_ExitsTwo_NamingIt_HereOrInTheRunningService) {
  auto service = start_service();
  RunResult here = newswatch({"crawl", "--site", "nope"});
  EXPECT_EQ(here.exit_code, 2);
  EXPECT_NE(here.err.find("no site named 'nope'"), std::string::npos) << here.err;
  // Added to the file but not reloaded: the running service does not know it, and says so.
  write_config("[[site]]\nname = \"fresh\"\nurl = \"" + m_site.url("/fresh.html") + "\"\nextractor = \"nknews\"\n");
  RunResult there = newswatch({"crawl", "--site", "fresh", "--site", "nknews"});
  EXPECT_EQ(there.exit_code, 2);
  EXPECT_NE(there.err.find("the running service has no site named 'fresh'"), std::string::npos) << there.err;
  EXPECT_NE(service->log().find("crawl request refused: unknown site fresh"), std::string::npos) << service->log();
}

TEST_F(CrawlNowTest, SiteAlreadyCrawling_IsNotStartedTwice) {
  // One site whose page takes long to answer: it is in flight while we ask.
  write_config("[[site]]\nname = \"slow\"\nurl = \"" + m_site.url("/slow?seconds=60") + "\"\nextractor = \"nknews\"\n");
  std::string config = read_file(m_config);
  config.replace(config.find("request_timeout = \"3s\""), 22, "request_timeout = \"120s\"");
  write_file(m_config, config);
  auto service = start_service();
  ASSERT_TRUE(eventually([&] { return http_get(m_site.url("/_control/log")).find("/slow?") != std::string::npos; }));
  RunResult crawl = newswatch({"crawl", "--site", "slow"});
  EXPECT_EQ(crawl.exit_code, 0) << crawl.err;
  EXPECT_NE(crawl.out.find("queued 0; already crawling: slow"), std::string::npos) << crawl.out;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
