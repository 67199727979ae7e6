// `newswatch alerts test NOTIFIER` through the real binary, against the loopback
// webhook receiver and SMTP server: one marked message, the receiver's answer
// printed, the exit code telling delivered (0) from not (1), an unknown
// notifier a usage error (2), and nothing written to the outbox.

#include <filesystem>
#include <fstream>

#include "alerts/delivery.h"
#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

class AlertsTestCommand : public PipelineTest {
 protected:
  /// The one POST the receiver got, with its body parsed (fails the test otherwise).
  nlohmann::json only_post() {
    auto posts = received();
    EXPECT_EQ(posts.size(), 1u) << posts.dump();
    if (posts.empty()) return {};
    return posts[0];
  }
};

TEST_F(AlertsTestCommand, Webhook_OneSignedMarkedPost_Delivered_NothingQueued) {
  ASSERT_EQ(newswatch({"once"}).exit_code, 0) << "a baseline, so there is an outbox to leave alone";
  RunResult run = newswatch({"alerts", "test", "hook"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("test alert to hook (webhook, json format)\ndelivered: HTTP 200 in "), std::string::npos)
      << run.out;
  auto post = only_post();
  auto body = nlohmann::json::parse(post["body"].get<std::string>());
  EXPECT_EQ(body["test"], true);
  EXPECT_EQ(body["watch"], "(test)");
  EXPECT_EQ(body["item"]["title"], "newswatch test alert");
  EXPECT_EQ(post["headers"]["X-Newswatch-Delivery"], body["delivery"]);
  EXPECT_EQ(post["headers"]["X-Newswatch-Signature"],
            "sha256=" + hmac_sha256_hex("s3cret", post["body"].get<std::string>()))
      << "signed with the notifier's secret, as a delivery is";
  EXPECT_EQ(newswatch({"alerts", "--json"}).out, "") << "the outbox never sees a test";
}

TEST_F(AlertsTestCommand, NoDatabase_IsNotNeeded_NorCreated) {
  RunResult run = newswatch({"alerts", "test", "hook"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_FALSE(std::filesystem::exists(m_database));
}

TEST_F(AlertsTestCommand, ReceiverAnswers500_ExitsOne_ShowingStatusAndBody) {
  set_receiver_mode("fail");
  RunResult run = newswatch({"alerts", "test", "hook"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("failed: HTTP 500: receiver failing on purpose"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("a delivery would retry this"), std::string::npos) << run.out;
}

TEST_F(AlertsTestCommand, ReceiverAnswers410_SaysADeliveryWouldGiveUp) {
  set_receiver_mode("gone");
  RunResult run = newswatch({"alerts", "test", "hook"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("failed: HTTP 410: gone"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("a delivery would give up"), std::string::npos) << run.out;
}

TEST_F(AlertsTestCommand, NobodyListening_ExitsOne_NamingTheNetworkError) {
  write_config("\n[[notify]]\nname = \"dead\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:9/hook/t0ken\"\n");
  RunResult run = newswatch({"alerts", "test", "dead"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("failed: network: "), std::string::npos) << run.out;
  EXPECT_EQ((run.out + run.err).find("t0ken"), std::string::npos) << "the URL's path may be its secret";
}

TEST_F(AlertsTestCommand, UnknownNotifier_ExitsTwo_ListingTheConfiguredOnes) {
  write_config("\n[[notify]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:9/\"\n");
  RunResult run = newswatch({"alerts", "test", "nope"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("no notifier named 'nope'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("configured: hook, ops"), std::string::npos) << run.err;
  EXPECT_TRUE(received().empty());
}

TEST_F(AlertsTestCommand, SlackFormat_IsSentInThatFormat_MarkedAsATest) {
  write_config("\n[[notify]]\nname = \"chat\"\ntype = \"webhook\"\nformat = \"slack\"\nurl = \"" +
               m_receiver.url("/slack") + "\"\n");
  RunResult run = newswatch({"alerts", "test", "chat"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  auto post = only_post();
  EXPECT_EQ(post["path"], "/slack");
  auto body = nlohmann::json::parse(post["body"].get<std::string>());
  EXPECT_EQ(body["text"].get<std::string>().rfind("[newswatch test] [(test)] newswatch test alert", 0), 0u)
      << body.dump();
  EXPECT_TRUE(body.contains("blocks"));
}

TEST_F(AlertsTestCommand, Email_OneMarkedMailThroughSmtp_WithTheConfiguredLogin) {
  std::string mailbox = (m_dir / "mailbox.jsonl").string();
  Peer smtp("smtp_server.py", {"--out", mailbox, "--auth"});
  write_config(
      "\n[[notify]]\nname = \"mail\"\ntype = \"email\"\nsmtp_url = \"smtp://127.0.0.1:" + std::to_string(smtp.port()) +
      "\"\ntls = \"none\"\nusername = \"newswatch\"\npassword_env = \"NEWSWATCH_TEST_SMTP_PASSWORD\"\n"
      "from = \"newswatch@example.org\"\nto = [\"analyst@example.org\"]\n");
  setenv("NEWSWATCH_TEST_SMTP_PASSWORD", "pw", 1);
  RunResult run = newswatch({"alerts", "test", "mail"});
  unsetenv("NEWSWATCH_TEST_SMTP_PASSWORD");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("delivered: accepted by the SMTP server in "), std::string::npos) << run.out;
  std::ifstream in(mailbox);
  std::string line, last;
  int mails = 0;
  while (std::getline(in, line))
    if (!line.empty()) ++mails, last = line;
  ASSERT_EQ(mails, 1);
  auto mail = nlohmann::json::parse(last);
  EXPECT_EQ(mail["login"], "newswatch") << "the password came from the environment, as for a delivery";
  EXPECT_NE(mail["data"].get<std::string>().find("Subject: [newswatch test] (test): newswatch test alert"),
            std::string::npos)
      << mail["data"];
}

TEST_F(AlertsTestCommand, Email_ServerWithoutStartTls_FailsWithTheHint) {
  std::string mailbox = (m_dir / "mailbox.jsonl").string();
  Peer smtp("smtp_server.py", {"--out", mailbox, "--auth"});
  write_config(
      "\n[[notify]]\nname = \"mail\"\ntype = \"email\"\nsmtp_url = \"smtp://127.0.0.1:" + std::to_string(smtp.port()) +
      "\"\nusername = \"newswatch\"\npassword = \"pw\"\nfrom = \"newswatch@example.org\"\n"
      "to = [\"analyst@example.org\"]\n");
  RunResult run = newswatch({"alerts", "test", "mail"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("tls = \"none\""), std::string::npos) << run.out;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
