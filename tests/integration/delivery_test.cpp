// The outbox against a real receiver that fails, hangs or refuses, and a
// real SMTP server: nothing lost, nothing twice, the same delivery id on
// every attempt of one alert, also when a second process shares the database
// or holds its write lock.

#include <signal.h>

#include <fstream>
#include <map>
#include <set>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string split_first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

class DeliveryTest : public PipelineTest {
 protected:
  void crawl_new_items_while_receiver_is(const std::string& mode) {
    ASSERT_EQ(newswatch({"once"}).exit_code, 0);
    set_receiver_mode(mode);
    serve_after_pages();
    RunResult run = newswatch({"once"});
    ASSERT_EQ(run.exit_code, 0) << "site crawls succeed whatever the receiver does\n" << run.out << run.err;
  }
  std::map<std::string, int> attempts_by_delivery_id() {
    std::map<std::string, int> ids;
    for (const auto& post : received()) ++ids[post["headers"].value("X-Newswatch-Delivery", "")];
    return ids;
  }
  int rows(const std::vector<std::string>& args) {
    int count = 0;
    for (char c : newswatch(args).out) count += c == '\n';
    return count;
  }
  /// The config with a request timeout far beyond any test's wait (a held POST must not time out).
  void use_long_request_timeout() {
    std::string config = read_file(m_config);
    const std::string from = "request_timeout = \"3s\"";
    config.replace(config.find(from), from.size(), "request_timeout = \"90s\"");
    write_file(m_config, config);
  }
};

TEST_F(DeliveryTest, ReceiverDownThenRecovers_DeliveredOnceWithSameDeliveryId) {
  crawl_new_items_while_receiver_is("fail");
  auto failed_attempts = attempts_by_delivery_id();
  ASSERT_EQ(failed_attempts.size(), 6u) << "one attempt per alert while the receiver fails";
  RunResult pending = newswatch({"alerts", "--state", "pending"});
  EXPECT_NE(pending.out.find("HTTP 500"), std::string::npos) << pending.out;

  set_receiver_mode("ok");
  RunResult retry = newswatch({"alerts", "retry", "--all"});
  ASSERT_EQ(retry.exit_code, 0) << retry.err;
  EXPECT_NE(retry.out.find("0 pending, 6 sent"), std::string::npos) << retry.out;

  std::map<std::string, int> delivered_ids;
  for (const auto& body : delivered()) ++delivered_ids[body["delivery"].get<std::string>()];
  ASSERT_EQ(delivered_ids.size(), 6u);
  for (const auto& [id, count] : delivered_ids) {
    EXPECT_EQ(count, 1) << "delivery " << id << " sent twice";
    EXPECT_EQ(failed_attempts.count(id), 1u) << "retry used a new delivery id " << id;
  }
  // Nothing left to send: another pass delivers nothing more.
  auto before = received().size();
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  EXPECT_EQ(received().size(), before);
}

TEST_F(DeliveryTest, HangingReceiver_TimesOut_AlertStaysPending) {
  crawl_new_items_while_receiver_is("hang");
  RunResult pending = newswatch({"alerts", "--state", "pending", "--json"});
  int rows = 0;
  for (char c : pending.out) rows += c == '\n';
  EXPECT_EQ(rows, 6) << pending.out;
  set_receiver_mode("ok");
}

TEST_F(DeliveryTest, ReceiverGone410_FailsAtOnce_AndCanBeReplayed) {
  crawl_new_items_while_receiver_is("gone");
  RunResult failed = newswatch({"alerts", "--state", "failed"});
  EXPECT_NE(failed.out.find("HTTP 410"), std::string::npos) << failed.out;
  set_receiver_mode("ok");
  RunResult retry = newswatch({"alerts", "retry", "--all"});
  EXPECT_NE(retry.out.find("6 sent, 0 failed"), std::string::npos) << retry.out;
  EXPECT_EQ(delivered().size(), 6u);
}

TEST_F(DeliveryTest, TooManyRequests_HonoursRetryAfter) {
  crawl_new_items_while_receiver_is("429:3600");
  RunResult pending = newswatch({"alerts", "--state", "pending", "--json"});
  auto first_line = pending.out.substr(0, pending.out.find('\n'));
  auto row = nlohmann::json::parse(first_line);
  EXPECT_EQ(row["attempts"], 1);
  // next attempt at least an hour after creation: Retry-After is a floor
  EXPECT_NE(row["last_error"].get<std::string>().find("429"), std::string::npos);
  EXPECT_GT(row["next_attempt"].get<std::string>(), row["created"].get<std::string>());
}

TEST_F(DeliveryTest, EmailNotifier_SendsEachAlertThroughSmtp) {
  std::string mailbox = (m_dir / "mailbox.jsonl").string();
  Peer smtp("smtp_server.py", {"--out", mailbox, "--auth"});
  write_config(R"toml(
[[notify]]
name = "mail"
type = "email"
smtp_url = "smtp://127.0.0.1:)toml" +
               std::to_string(smtp.port()) + R"toml("
tls = "none"
username = "newswatch"
password = "pw"
from = "newswatch@example.org"
to = ["analyst@example.org"]

[[watch]]
name = "israel-mail"
query = 'Israel'
notify = ["mail"]
)toml");
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  std::ifstream in(mailbox);
  std::string line;
  std::vector<nlohmann::json> mails;
  while (std::getline(in, line))
    if (!line.empty()) mails.push_back(nlohmann::json::parse(line));
  ASSERT_EQ(mails.size(), 2u) << "digest \"0s\" (the default) sends each alert on its own";
  for (const auto& mail : mails) {
    EXPECT_EQ(mail["mail_from"], "newswatch@example.org");
    EXPECT_EQ(mail["rcpt_tos"], nlohmann::json::array({"analyst@example.org"}));
    std::string data = mail["data"];
    EXPECT_NE(data.find("Israel"), std::string::npos) << data;
    // "Israel’s" (curly apostrophe) needs an RFC 2047 encoded-word; "Israel's" stays plain ASCII.
    bool plain = data.find("Subject: [newswatch] israel-mail: North Korea") != std::string::npos;
    bool encoded = data.find("Subject: =?UTF-8?B?") != std::string::npos;
    EXPECT_TRUE(plain || encoded) << data;
    EXPECT_NE(data.find("X-Newswatch-Delivery: "), std::string::npos) << data;
  }
  EXPECT_NE(newswatch({"alerts", "--state", "sent"}).out.find("-> mail"), std::string::npos);
}

TEST_F(DeliveryTest, UnreachableWebhook_LogsAndStoresHostButNeverTheTokenPath) {
  write_config(R"toml(
[[notify]]
name = "slack-like"
type = "webhook"
url = "http://127.0.0.1:1/services/T0KEN-SECRET/B0T"
format = "slack"

[[watch]]
name = "israel-slack"
query = 'Israel'
notify = ["slack-like"]
)toml");
  RunResult run = crawl_baseline_then_new_items({"once", "--log-level", "debug"});
  if (HasFailure()) return;
  RunResult pending = newswatch({"alerts", "--state", "pending", "--json"});
  EXPECT_NE(pending.out.find("127.0.0.1:1"), std::string::npos) << "the error names the receiver\n" << pending.out;
  EXPECT_EQ(pending.out.find("T0KEN-SECRET"), std::string::npos) << pending.out;
  EXPECT_EQ(run.err.find("T0KEN-SECRET"), std::string::npos) << run.err;
}

TEST_F(DeliveryTest, TwoXxWhileAnotherProcessHoldsTheWriteLock_IsRecordedLater_AndNeverPostedAgain) {
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  serve_after_pages();
  set_receiver_mode("hang");
  Background once({"once", "-c", m_config}, (m_dir / "once.log").string());
  ASSERT_TRUE(eventually([&] { return received().size() == 6; })) << once.log();
  WriteLock lock(m_database, (m_dir / "locked").string());
  ASSERT_TRUE(eventually([&] { return lock.held(); }));
  set_receiver_mode("ok");  // six 2xx arrive while no write can succeed
  EXPECT_TRUE(eventually([&] {
    std::string log = once.log();
    return log.find("not recorded") != std::string::npos || log.find("outbox update failed") != std::string::npos;
  })) << once.log();
  lock.release();
  ASSERT_TRUE(eventually([&] { return once.exited(); })) << once.log();
  auto ids = attempts_by_delivery_id();
  EXPECT_EQ(received().size(), 6u) << "a 2xx already received led to another POST\n" << once.log();
  EXPECT_EQ(ids.size(), 6u);
  EXPECT_NE(once.log().find("warning newswatch: alert delivered but not recorded id="), std::string::npos)
      << once.log();
  EXPECT_NE(once.log().find("alert recorded as sent"), std::string::npos) << once.log();
  EXPECT_EQ(rows({"alerts", "--state", "sent", "--json"}), 6);
}

TEST_F(DeliveryTest, RetryAllWhileTheServiceSends_EachDeliveryIdIsPostedOnce) {
  crawl_new_items_while_receiver_is("fail");
  ASSERT_EQ(received().size(), 6u);
  http_post(m_receiver.url("/_reset"), "");
  set_receiver_mode("hang");
  run_sql(m_database, "UPDATE outbox SET next_attempt_at = 0");  // due now for the service
  use_long_request_timeout();
  Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
  ASSERT_TRUE(eventually([&] { return received().size() == 6; })) << service.log();  // all six held open
  Background retry({"alerts", "retry", "--all", "-c", m_config}, (m_dir / "retry.log").string());
  ASSERT_TRUE(eventually([&] { return retry.exited() || received().size() > 6; })) << retry.log();
  set_receiver_mode("ok");
  EXPECT_TRUE(eventually([&] { return rows({"alerts", "--state", "sent", "--json"}) == 6; })) << service.log();
  ASSERT_TRUE(eventually([&] { return retry.exited(); })) << retry.log();
  service.stop(SIGTERM);
  auto ids = attempts_by_delivery_id();
  EXPECT_EQ(ids.size(), 6u);
  for (const auto& [id, count] : ids) EXPECT_EQ(count, 1) << "delivery " << id << " POSTed twice\n" << retry.log();
}

TEST_F(DeliveryTest, RetryOneId_SendsThatAlertOnly_AndSaysWhatBecameOfIt) {
  crawl_new_items_while_receiver_is("fail");
  auto pending = nlohmann::json::parse(split_first_line(newswatch({"alerts", "--state", "pending", "--json"}).out));
  const std::string id = std::to_string(pending["id"].get<int>());
  http_post(m_receiver.url("/_reset"), "");
  run_sql(m_database, "UPDATE outbox SET next_attempt_at = 0");  // every row due: retry ID must still send one

  RunResult again = newswatch({"alerts", "retry", id});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("alert #" + id + " failed again: HTTP 500"), std::string::npos) << again.err;
  EXPECT_EQ(received().size(), 1u) << "only the chosen alert was sent";

  set_receiver_mode("ok");
  RunResult delivered = newswatch({"alerts", "retry", id});
  EXPECT_EQ(delivered.exit_code, 0) << delivered.err;
  EXPECT_NE(
      delivered.out.find("alert #" + id + " delivered to hook (delivery " + pending["delivery"].get<std::string>()),
      std::string::npos)
      << delivered.out;
  RunResult already = newswatch({"alerts", "retry", id});
  EXPECT_EQ(already.exit_code, 0);
  EXPECT_NE(already.out.find("alert #" + id + " was already delivered"), std::string::npos) << already.out;
  EXPECT_EQ(received().size(), 2u);
}

TEST_F(DeliveryTest, RemovedNotifier_HoldsItsAlerts_ThenRetargetAndItsReturnDeliverThem) {
  crawl_new_items_while_receiver_is("fail");
  set_receiver_mode("ok");
  const std::string with_hook = read_file(m_config);
  std::string renamed = with_hook;
  for (auto at = renamed.find("\"hook\""); at != std::string::npos; at = renamed.find("\"hook\"", at))
    renamed.replace(at, 6, "\"pager\"");
  write_file(m_config, renamed);
  run_sql(m_database, "UPDATE outbox SET next_attempt_at = 0");
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  RunResult held = newswatch({"alerts", "--state", "held"});
  EXPECT_EQ(rows({"alerts", "--state", "held", "--json"}), 6) << held.out;
  EXPECT_NE(held.out.find("held: notifier 'hook' is not configured"), std::string::npos) << held.out;
  EXPECT_EQ(rows({"alerts", "--state", "failed", "--json"}), 0);
  auto first = nlohmann::json::parse(split_first_line(newswatch({"alerts", "--state", "held", "--json"}).out));
  const std::string id = std::to_string(first["id"].get<int>());

  RunResult moved = newswatch({"alerts", "retry", id, "--notifier", "pager"});
  EXPECT_EQ(moved.exit_code, 0) << moved.err;
  EXPECT_NE(moved.out.find("delivered to pager"), std::string::npos) << moved.out;

  write_file(m_config, with_hook);  // the notifier is back: its held alerts go out on the next pass
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  EXPECT_EQ(rows({"alerts", "--state", "sent", "--json"}), 6);
  std::map<std::string, int> delivered_ids;
  for (const auto& body : delivered()) ++delivered_ids[body["delivery"].get<std::string>()];
  EXPECT_EQ(delivered_ids.size(), 6u);
  for (const auto& [delivery, count] : delivered_ids) EXPECT_EQ(count, 1) << delivery;
}

TEST_F(DeliveryTest, RenamedNotifier_HeldAlertsGoOutWhenAReloadBringsItBack) {
  crawl_new_items_while_receiver_is("fail");
  set_receiver_mode("ok");
  const std::string with_hook = read_file(m_config);
  std::string renamed = with_hook;
  for (auto at = renamed.find("\"hook\""); at != std::string::npos; at = renamed.find("\"hook\"", at))
    renamed.replace(at, 6, "\"pager\"");
  write_file(m_config, renamed);
  run_sql(m_database, "UPDATE outbox SET next_attempt_at = 0");
  Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
  ASSERT_TRUE(eventually([&] { return service.log().find("alerts held count=6") != std::string::npos; }))
      << service.log();
  EXPECT_EQ(rows({"alerts", "--state", "held", "--json"}), 6);
  write_file(m_config, with_hook);
  service.signal(SIGHUP);
  EXPECT_TRUE(eventually([&] { return rows({"alerts", "--state", "sent", "--json"}) == 6; })) << service.log();
  service.stop(SIGTERM);
  EXPECT_NE(service.log().find("held alerts released count=6"), std::string::npos) << service.log();
  EXPECT_EQ(delivered().size(), 6u);
}

/// An email notifier on a local aiosmtpd peer started with `peer_flags`; `tls_line` as the notifier's tls.
class SmtpConfigTest : public DeliveryTest {
 protected:
  void crawl_with_mail(const std::vector<std::string>& peer_flags, const std::string& tls_line) {
    std::string mailbox = (m_dir / "mailbox.jsonl").string();
    std::vector<std::string> args{"--out", mailbox};
    args.insert(args.end(), peer_flags.begin(), peer_flags.end());
    m_smtp = std::make_unique<Peer>("smtp_server.py", args);
    write_config("[[notify]]\nname = \"mail\"\ntype = \"email\"\nsmtp_url = \"smtp://127.0.0.1:" +
                 std::to_string(m_smtp->port()) + "\"\n" + tls_line +
                 "\nusername = \"newswatch\"\npassword = \"wrong\"\nfrom = \"newswatch@example.org\"\n"
                 "to = [\"analyst@example.org\"]\n\n[[watch]]\nname = \"israel-mail\"\nquery = 'Israel'\n"
                 "notify = [\"mail\"]\n");
    crawl_baseline_then_new_items();
  }
  std::unique_ptr<Peer> m_smtp;
};

TEST_F(SmtpConfigTest, ServerWithoutStartTls_FailsAtOnce_WithTheTlsNoneHint) {
  crawl_with_mail({"--auth"}, "");  // STARTTLS required (the default); aiosmtpd offers none
  RunResult failed = newswatch({"alerts", "--state", "failed"});
  EXPECT_NE(failed.out.find("-> mail"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("tls = \"none\""), std::string::npos) << failed.out;
  EXPECT_EQ(newswatch({"alerts", "--state", "pending"}).out.find("-> mail"), std::string::npos)
      << "not retried for 24 hours";
}

TEST_F(SmtpConfigTest, AuthenticationRejected_FailsAtOnce_WithAHint) {
  crawl_with_mail({"--auth-reject"}, "tls = \"none\"");
  RunResult failed = newswatch({"alerts", "--state", "failed"});
  EXPECT_NE(failed.out.find("-> mail"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("rejected the username or password"), std::string::npos) << failed.out;
  EXPECT_EQ(newswatch({"alerts", "--state", "pending"}).out.find("-> mail"), std::string::npos);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
