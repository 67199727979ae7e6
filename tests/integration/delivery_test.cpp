// The outbox against a real receiver that fails, hangs or refuses, and a
// real SMTP server: nothing lost, nothing twice, the same delivery id on
// every attempt of one alert.

#include <fstream>
#include <map>
#include <set>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {

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

}  // namespace
}  // namespace newswatch::test
