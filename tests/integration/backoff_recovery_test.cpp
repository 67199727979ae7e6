// Backoff and recovery through the real binary: `once` by hand records a
// failure without growing the streak the service backs off on; a site parked by
// a long backoff is crawled again as soon as its host answers another crawl,
// and the log says when a failed site is tried next and when it recovered.

#include <signal.h>

#include <ctime>
#include <regex>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

class BackoffRecoveryTest : public PipelineTest {
 protected:
  BackoffRecoveryTest() {
    // A fourth site on the same host, missing (404) until a test writes its page.
    write_config("[[site]]\nname = \"flaky\"\nurl = \"" + m_site.url("/flaky.html") + "\"\nextractor = \"nknews\"\n");
  }
  nlohmann::json site_status(const std::string& name) {
    RunResult status = newswatch({"status", "--json"});
    const nlohmann::json parsed = nlohmann::json::parse(status.out);
    for (const auto& site : parsed["sites"])
      if (site["site"] == name) return site;
    ADD_FAILURE() << "no site " << name << " in " << status.out;
    return {};
  }
};

TEST_F(BackoffRecoveryTest, OnceByHand_RecordsAFailure_WithoutGrowingTheServicesStreak) {
  {
    Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
    ASSERT_TRUE(eventually([&] { return service.log().find("crawl failed site=flaky") != std::string::npos; }))
        << service.log();
    const std::string log = service.log();
    EXPECT_TRUE(std::regex_search(log, std::regex("crawl failed site=flaky url=\\S+ status=404 failures=1 "
                                                  "next_in=(1[0-9]m|20m)[0-9s]*: HTTP 404 from ")))
        << "a failure says when the site is tried next (10m interval, 1 failure: 10m to 20m)\n"
        << log;
    service.stop(SIGTERM);
  }
  const nlohmann::json before = site_status("flaky");
  ASSERT_EQ(before["consecutive_failures"], 1);
  for (int i = 0; i < 2; ++i) {
    RunResult once = newswatch({"once", "--site", "flaky"});
    EXPECT_EQ(once.exit_code, 1);
    EXPECT_NE(once.err.find("crawl failed site=flaky url="), std::string::npos) << once.err;
    EXPECT_EQ(once.err.find("next_in="), std::string::npos) << "by hand: no schedule to speak of\n" << once.err;
  }
  const nlohmann::json after = site_status("flaky");
  EXPECT_EQ(after["consecutive_failures"], 1) << "once by hand must not push the service's backoff";
  EXPECT_EQ(after["next_due"], before["next_due"]);
  EXPECT_NE(after["last_crawl"], nullptr);
  EXPECT_EQ(after["last_error"], "HTTP 404 from " + m_site.url("/flaky.html"));

  write_file(m_dir / "site/flaky.html", read_file(m_dir / "site/nknews.html"));
  RunResult fixed = newswatch({"once", "--site", "flaky"});
  EXPECT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_NE(fixed.err.find("site recovered after 1 failure site=flaky"), std::string::npos) << fixed.err;
  EXPECT_EQ(site_status("flaky")["consecutive_failures"], 0) << "a success by hand still resets it";
}

TEST_F(BackoffRecoveryTest, SiteParkedByALongBackoff_IsCrawledWhenItsHostAnswersAgain) {
  ASSERT_EQ(newswatch({"once", "--site", "nknews"}).exit_code, 0);  // the host's other site, due on its own
  ASSERT_EQ(newswatch({"once", "--site", "flaky"}).exit_code, 1);   // creates flaky's row
  // As a long outage leaves it: eight failures without an answer, parked five hours ahead; its page is back now.
  const std::string parked = std::to_string(static_cast<long long>(std::time(nullptr)) + 5 * 3600);
  run_sql(m_database, "UPDATE sites SET consecutive_failures = 8, last_status = 0, next_due_at = " + parked +
                          " WHERE name = 'flaky'; UPDATE sites SET next_due_at = 0 WHERE name = 'nknews';");
  write_file(m_dir / "site/flaky.html", read_file(m_dir / "site/nknews.html"));

  Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
  ASSERT_TRUE(eventually([&] { return service.log().find("crawled site=flaky") != std::string::npos; }))
      << "flaky waited out its backoff instead of recovering with its host\n"
      << service.log();
  const std::string log = service.log();
  EXPECT_NE(log.find("backoff reset site=flaky url=" + m_site.url("/flaky.html") + ": host 127.0.0.1 answered again"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("site recovered after 8 failures site=flaky"), std::string::npos) << log;
  service.stop(SIGTERM);
  EXPECT_EQ(site_status("flaky")["consecutive_failures"], 0);
}

TEST_F(BackoffRecoveryTest, SiteFailingWithAnAnswerOfItsOwn_KeepsItsBackoff_WhenItsHostAnswers) {
  ASSERT_EQ(newswatch({"once", "--site", "nknews"}).exit_code, 0);
  ASSERT_EQ(newswatch({"once", "--site", "flaky"}).exit_code, 1);  // a 404: the host answered, the page is gone
  const std::string parked = std::to_string(static_cast<long long>(std::time(nullptr)) + 5 * 3600);
  run_sql(m_database, "UPDATE sites SET consecutive_failures = 8, next_due_at = " + parked +
                          " WHERE name = 'flaky'; UPDATE sites SET next_due_at = 0 WHERE name = 'nknews';");
  Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
  for (const char* other : {"crawled site=nknews", "crawled site=nkjournal", "crawled site=joongang-nk"})
    ASSERT_TRUE(eventually([&] { return service.log().find(other) != std::string::npos; })) << service.log();
  service.stop(SIGTERM);
  EXPECT_EQ(service.log().find("site=flaky"), std::string::npos) << "a 404 is not an outage\n" << service.log();
  EXPECT_EQ(site_status("flaky")["consecutive_failures"], 8);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
