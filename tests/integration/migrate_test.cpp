// `newswatch migrate` with the real binary: a SQLite database made by real crawls, with alerts a dead receiver
// left pending, moved to PostgreSQL. Every command then reads the same history, the pending alerts go out once
// each with the delivery ids they were queued with, and the next crawl of the unchanged pages alerts nothing.
// Needs the PostgreSQL test cluster (the ctest fixture `postgres`, tests/support/postgres.h); skipped, saying so,
// where PostgreSQL is not installed.

#include <memory>
#include <set>
#include <sstream>

#include "tests/integration/harness.h"
#include "tests/support/postgres.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

class MigrateTest : public PipelineTest {
 protected:
  std::set<std::string> delivery_ids(const std::string& alerts_json, const std::string& state) {
    std::set<std::string> out;
    std::istringstream lines(alerts_json);
    for (std::string line; std::getline(lines, line);) {
      auto alert = nlohmann::json::parse(line);
      if (alert["state"] == state && alert["notifier"] == "hook") out.insert(alert["delivery"].get<std::string>());
    }
    return out;
  }
  /// A fresh database on the test cluster, made by the test once it knows the cluster is there.
  PostgresDatabase& pg() {
    if (!m_pg) m_pg = std::make_unique<PostgresDatabase>();
    return *m_pg;
  }
  std::unique_ptr<PostgresDatabase> m_pg;
};

TEST_F(MigrateTest, SqliteHistoryMovedToPostgres_PendingAlertsSentOnceWithTheirIds_NoReAlert) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  set_receiver_mode("fail");
  serve_after_pages();
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  const RunResult alerts_before = newswatch({"alerts", "--json"});
  const RunResult items_before = newswatch({"items", "--json", "--limit", "1000"});
  const std::set<std::string> pending = delivery_ids(alerts_before.out, "pending");
  ASSERT_EQ(pending.size(), 6u) << alerts_before.out;
  const std::size_t failed_posts = received().size();

  RunResult migrate = run_binary({"migrate", "--from", m_database, "--to", pg().uri()}, m_dir.path().string());
  ASSERT_EQ(migrate.exit_code, 0) << migrate.out << migrate.err;
  EXPECT_NE(migrate.out.find("  outbox "), std::string::npos) << migrate.out;

  m_database = pg().uri();
  write_config();
  EXPECT_EQ(newswatch({"alerts", "--json"}).out, alerts_before.out) << "the same outbox, row for row";
  EXPECT_EQ(newswatch({"items", "--json", "--limit", "1000"}).out, items_before.out) << "the same items";

  set_receiver_mode("ok");
  // The failed alerts wait out their retry delay; replaying them now goes through the PostgreSQL outbox.
  RunResult retry = newswatch({"alerts", "retry", "--all"});
  ASSERT_EQ(retry.exit_code, 0) << retry.out << retry.err;
  RunResult after = newswatch({"once"});
  ASSERT_EQ(after.exit_code, 0) << after.out << after.err;
  std::multiset<std::string> sent;
  for (const auto& body : delivered()) sent.insert(body["delivery"].get<std::string>());
  EXPECT_EQ(std::set<std::string>(sent.begin(), sent.end()), pending) << "each pending alert, with its own id";
  EXPECT_EQ(sent.size(), pending.size()) << "each once";
  EXPECT_EQ(received().size(), failed_posts + pending.size()) << "the unchanged pages queued nothing new";
  EXPECT_EQ(delivery_ids(newswatch({"alerts", "--json"}).out, "sent"), pending);
}

TEST_F(MigrateTest, TargetWithHistory_IsRefused_Exit1) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  ASSERT_EQ(run_binary({"migrate", "--from", m_database, "--to", pg().uri()}, m_dir.path().string()).exit_code, 0);
  RunResult again = run_binary({"migrate", "--from", m_database, "--to", pg().uri()}, m_dir.path().string());
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already holds 3 sites"), std::string::npos) << again.err;
}

TEST_F(MigrateTest, PostgresDatabase_CommandsWork_AndNeverPrintThePassword) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  // The test cluster trusts local connections, so the password is sent and ignored: only where it shows matters.
  m_database = pg().uri();
  m_database.insert(m_database.find('@'), ":hunter2");
  write_config();
  std::string everything;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"once"}, {"check-config"}, {"status"}, {"status", "--json"}, {"items"}, {"alerts"}, {"match", "plenum"}}) {
    RunResult run = newswatch(args);
    EXPECT_EQ(run.exit_code, 0) << args[0] << "\n" << run.out << run.err;
    everything += run.out + run.err;
  }
  EXPECT_EQ(everything.find("hunter2"), std::string::npos) << everything;
  EXPECT_NE(everything.find(":***@"), std::string::npos) << "status and check-config name the database";
}

TEST_F(MigrateTest, ToASqlitePath_IsAUsageError) {
  RunResult run = run_binary({"migrate", "--from", m_database, "--to", m_database + ".2"}, m_dir.path().string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("--to must be a postgresql:// or postgres:// URI"), std::string::npos) << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
