// /metrics of `newswatch run` after the service delivered (or gave up on) the
// alerts queued before it started: outbox alerts by state and deliveries by notifier and
// outcome, in Prometheus text format. Every wait is for a condition, never a time.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

class MetricsTest : public PipelineTest {
 protected:
  /// Six alerts queued by `once` while the receiver failed, due again now; then the service, with the
  /// receiver in `mode`, sends them (the crawls are not due yet, so it only delivers).
  void run_service_on_queued_alerts(const std::string& mode) {
    m_base = "http://127.0.0.1:" + std::to_string(free_port());
    write_config("", "listen = \"" + m_base.substr(7) + "\"");
    ASSERT_EQ(newswatch({"once"}).exit_code, 0);
    set_receiver_mode("fail");
    serve_after_pages();
    ASSERT_EQ(newswatch({"once"}).exit_code, 0);
    run_sql(m_database, "UPDATE outbox SET next_attempt_at = 0");
    set_receiver_mode(mode);
    m_service =
        std::make_unique<Background>(std::vector<std::string>{"run", "-c", m_config}, (m_dir / "service.log").string());
  }
  std::string metrics() {
    try {
      return http_get(m_base + "/metrics");
    } catch (const std::exception&) {
      return "";  // not listening yet
    }
  }
  /// Polls /metrics until it contains every line of `lines`; returns the last body.
  std::string metrics_once_they_show(const std::vector<std::string>& lines) {
    std::string body;
    eventually([&] {
      body = metrics();
      for (const std::string& line : lines)
        if (body.find(line + "\n") == std::string::npos) return false;
      return true;
    });
    return body;
  }
  std::string m_base;
  std::unique_ptr<Background> m_service;
};

TEST_F(MetricsTest, AfterDeliveries_OutboxByStateAndDeliveriesByNotifier) {
  run_service_on_queued_alerts("ok");
  std::string body = metrics_once_they_show({
      "newswatch_outbox_alerts{state=\"sent\"} 6",
      "newswatch_deliveries_total{notifier=\"hook\",outcome=\"delivered\"} 6",
  });
  ASSERT_NE(body.find("newswatch_outbox_alerts{state=\"sent\"} 6\n"), std::string::npos) << body << m_service->log();
  EXPECT_NE(body.find("# HELP newswatch_outbox_alerts "), std::string::npos) << body;
  EXPECT_NE(body.find("# TYPE newswatch_outbox_alerts gauge\n"), std::string::npos) << body;
  EXPECT_NE(body.find("# TYPE newswatch_deliveries_total counter\n"), std::string::npos) << body;
  for (const char* line :
       {"newswatch_outbox_alerts{state=\"pending\"} 0\n", "newswatch_outbox_alerts{state=\"held\"} 0\n",
        "newswatch_outbox_alerts{state=\"failed\"} 0\n",
        "newswatch_deliveries_total{notifier=\"hook\",outcome=\"failed\"} 0\n",
        "newswatch_deliveries_total{notifier=\"hook\",outcome=\"retry\"} 0\n"})
    EXPECT_NE(body.find(line), std::string::npos) << line << body;
  m_service->stop(SIGTERM);
}

TEST_F(MetricsTest, ReceiverGone_CountsFailedDeliveries_AndFailedAlerts) {
  run_service_on_queued_alerts("gone");  // 410: no retry can fix it, so each alert fails at its first attempt
  std::string body = metrics_once_they_show({
      "newswatch_outbox_alerts{state=\"failed\"} 6",
      "newswatch_deliveries_total{notifier=\"hook\",outcome=\"failed\"} 6",
  });
  EXPECT_NE(body.find("newswatch_deliveries_total{notifier=\"hook\",outcome=\"failed\"} 6\n"), std::string::npos)
      << body << m_service->log();
  EXPECT_NE(body.find("newswatch_deliveries_total{notifier=\"hook\",outcome=\"delivered\"} 0\n"), std::string::npos)
      << body;
  m_service->stop(SIGTERM);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
