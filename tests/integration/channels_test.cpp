// The chat and push channels through the real binary against the loopback
// receiver, which records method, path, headers and body: `alerts test` sends
// each service the request its API documents; a crawl's alerts go through the
// same outbox, where a 429 (Retry-After as a header for ntfy, in the JSON body
// for Telegram) is retried later and then delivered once, and a failed Matrix
// PUT is retried with the same transaction id.

#include <ctime>
#include <map>
#include <set>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

using Json = nlohmann::json;

class ChannelsTest : public PipelineTest {
 protected:
  /// The requests the receiver got whose path starts with `prefix`.
  std::vector<Json> requests_to(const std::string& prefix) {
    std::vector<Json> out;
    for (const auto& request : received())
      if (request["path"].get<std::string>().rfind(prefix, 0) == 0) out.push_back(request);
    return out;
  }
  /// The one request to `prefix` (fails the test otherwise).
  Json only_request_to(const std::string& prefix) {
    auto requests = requests_to(prefix);
    EXPECT_EQ(requests.size(), 1u) << received().dump(1);
    return requests.empty() ? Json::object() : requests[0];
  }
  /// `notifier` (TOML) and a watch sending Israel AND North Korea (two items of the after pages) to it.
  void configure(const std::string& notifier, const std::string& name) {
    write_config(notifier + "\n[[watch]]\nname = \"israel-" + name + "\"\nquery = 'Israel AND \"North Korea\"'\n" +
                 "notify = [\"" + name + "\"]\n");
  }
  void crawl_new_items_while_receiver_is(const std::string& mode) {
    ASSERT_EQ(newswatch({"once"}).exit_code, 0);
    set_receiver_mode(mode);
    serve_after_pages();
    RunResult run = newswatch({"once"});
    ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  }
  /// Pending rows of `notifier` from `alerts --state pending --json`.
  std::vector<Json> pending_rows(const std::string& notifier) {
    std::vector<Json> rows;
    std::string out = newswatch({"alerts", "--state", "pending", "--json"}).out;
    for (std::size_t pos = 0; pos < out.size();) {
      std::size_t end = out.find('\n', pos);
      Json row = Json::parse(out.substr(pos, end - pos));
      if (row.value("notifier", "") == notifier) rows.push_back(row);
      pos = end == std::string::npos ? out.size() : end + 1;
    }
    return rows;
  }
  std::string url() { return m_receiver.url(""); }
};

std::int64_t seconds_of(const std::string& utc) {  // "2025-08-13 05:42:00Z"
  std::tm tm{};
  strptime(utc.c_str(), "%Y-%m-%d %H:%M:%SZ", &tm);
  return static_cast<std::int64_t>(timegm(&tm));
}

TEST_F(ChannelsTest, Ntfy_AlertsTest_PostsToTheTopicWithHeadersAndBearerTokenFromEnv) {
  configure("[[notify]]\nname = \"phone\"\ntype = \"ntfy\"\nurl = \"" + url() +
                "/nk-alerts\"\ntoken_env = \"NW_TEST_NTFY_TOKEN\"\n",
            "phone");
  setenv("NW_TEST_NTFY_TOKEN", "tk_fromenv", 1);
  RunResult run = newswatch({"alerts", "test", "phone"});
  unsetenv("NW_TEST_NTFY_TOKEN");
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("test alert to phone (ntfy)\ndelivered: HTTP 200"), std::string::npos) << run.out;
  Json request = only_request_to("/nk-alerts");
  EXPECT_EQ(request["method"], "POST");
  const Json& headers = request["headers"];
  EXPECT_EQ(headers["Title"], "[newswatch test] [(test)] newswatch test alert");
  EXPECT_EQ(headers["Tags"], "test_tube,newspaper,(test)");
  EXPECT_EQ(headers["Click"], "https://newswatch.invalid/test-alert");
  EXPECT_EQ(headers["Priority"], "3");
  EXPECT_EQ(headers["Authorization"], "Bearer tk_fromenv");
  EXPECT_TRUE(request["body"].get<std::string>().starts_with("A test message from `newswatch alerts test`"))
      << request["body"];
  EXPECT_EQ((run.out + run.err).find("tk_fromenv"), std::string::npos);
}

TEST_F(ChannelsTest, Telegram_AlertsTest_SendMessageWithHtmlChatAndThread_TokenNeverShown) {
  configure("[[notify]]\nname = \"tg\"\ntype = \"telegram\"\napi_url = \"" + url() +
                "\"\ntoken = \"123456:SECRET\"\nchat_id = -1001234\nthread_id = 9\n",
            "tg");
  RunResult run = newswatch({"alerts", "test", "tg", "--log-level", "debug"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  Json request = only_request_to("/bot123456:SECRET/sendMessage");
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["headers"]["Content-Type"], "application/json");
  Json body = Json::parse(request["body"].get<std::string>());
  EXPECT_EQ(body["chat_id"], -1001234);
  EXPECT_EQ(body["message_thread_id"], 9);
  EXPECT_EQ(body["parse_mode"], "HTML");
  EXPECT_TRUE(body["text"].get<std::string>().starts_with(
      "[newswatch test] [(test)] <b><a href=\"https://newswatch.invalid/test-alert\">newswatch test alert</a></b>"))
      << body["text"];
  EXPECT_EQ((run.out + run.err).find("SECRET"), std::string::npos) << run.out << run.err;
}

TEST_F(ChannelsTest, Telegram_Unreachable_ErrorNamesTheHostNeverTheToken) {
  configure(
      "[[notify]]\nname = \"tg\"\ntype = \"telegram\"\napi_url = \"http://127.0.0.1:9\"\n"
      "token = \"123456:SECRET\"\nchat_id = 1\n",
      "tg");
  RunResult run = newswatch({"alerts", "test", "tg"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(run.out.find("failed: network: "), std::string::npos) << run.out;
  EXPECT_EQ((run.out + run.err).find("SECRET"), std::string::npos) << run.out << run.err;
}

TEST_F(ChannelsTest, Matrix_AlertsTest_PutsAnMTextEventWithTheDeliveryIdAsTxnId) {
  configure("[[notify]]\nname = \"room\"\ntype = \"matrix\"\nhomeserver = \"" + url() +
                "\"\nroom = \"!nkdesk:example.org\"\ntoken = \"syt_token\"\n",
            "room");
  RunResult run = newswatch({"alerts", "test", "room"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  Json request = only_request_to("/_matrix/client/v3/rooms/%21nkdesk%3Aexample.org/send/m.room.message/");
  EXPECT_EQ(request["method"], "PUT");
  EXPECT_EQ(request["headers"]["Authorization"], "Bearer syt_token");
  const std::string path = request["path"];
  const std::string txn = path.substr(path.rfind('/') + 1);
  EXPECT_EQ(txn.size(), 36u) << "a delivery id (UUID): " << path;
  Json body = Json::parse(request["body"].get<std::string>());
  EXPECT_EQ(body["msgtype"], "m.text");
  EXPECT_EQ(body["format"], "org.matrix.custom.html");
  EXPECT_TRUE(body["body"].get<std::string>().starts_with("[newswatch test] [(test)] newswatch test alert\n"));
  EXPECT_NE(body["formatted_body"].get<std::string>().find("<b><a href="), std::string::npos);
}

TEST_F(ChannelsTest, Gotify_AlertsTest_PostsMessageWithTheAppTokenHeader) {
  configure("[[notify]]\nname = \"got\"\ntype = \"gotify\"\nurl = \"" + url() + "/gotify\"\ntoken = \"AppTok\"\n",
            "got");
  RunResult run = newswatch({"alerts", "test", "got"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  Json request = only_request_to("/gotify/message");
  EXPECT_EQ(request["method"], "POST");
  EXPECT_EQ(request["headers"]["X-Gotify-Key"], "AppTok");
  Json body = Json::parse(request["body"].get<std::string>());
  EXPECT_EQ(body["title"], "[newswatch test] [(test)] newswatch test alert");
  EXPECT_EQ(body["priority"], 5);
  EXPECT_EQ(body["extras"]["client::notification"]["click"]["url"], "https://newswatch.invalid/test-alert");
}

TEST_F(ChannelsTest, Apprise_AlertsTest_PostsTheTargetsTitleAndBody) {
  configure("[[notify]]\nname = \"many\"\ntype = \"apprise\"\nurl = \"" + url() +
                "/notify\"\ntargets = [\"tgram://bot/chat\", \"mailtos://u:p@example.org\"]\n",
            "many");
  RunResult run = newswatch({"alerts", "test", "many"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  Json request = only_request_to("/notify");
  EXPECT_EQ(request["method"], "POST");
  Json body = Json::parse(request["body"].get<std::string>());
  EXPECT_EQ(body["urls"], "tgram://bot/chat, mailtos://u:p@example.org");
  EXPECT_EQ(body["title"], "[newswatch test] [(test)] newswatch test alert");
  EXPECT_EQ(body["type"], "info");
  EXPECT_EQ(body["format"], "markdown");
  EXPECT_TRUE(body["body"].get<std::string>().starts_with("A test message"));
}

TEST_F(ChannelsTest, Ntfy_Crawl_429WithRetryAfter_WaitsThenDeliversEachAlertOnce) {
  configure("[[notify]]\nname = \"phone\"\ntype = \"ntfy\"\nurl = \"" + url() + "/nk-alerts\"\n", "phone");
  crawl_new_items_while_receiver_is("429:3600");
  auto refused = requests_to("/nk-alerts");
  ASSERT_EQ(refused.size(), 2u) << received().dump(1);
  for (const Json& row : pending_rows("phone")) {
    EXPECT_NE(row["last_error"].get<std::string>().find("429"), std::string::npos) << row;
    EXPECT_GE(seconds_of(row["next_attempt"]) - seconds_of(row["created"]), 3600) << "Retry-After is a floor " << row;
  }
  set_receiver_mode("ok");
  RunResult retry = newswatch({"alerts", "retry", "--all"});
  ASSERT_EQ(retry.exit_code, 0) << retry.out << retry.err;
  std::map<std::string, int> delivered;  // title -> 200 answers
  for (const Json& request : requests_to("/nk-alerts"))
    if (request["mode"] == "ok") ++delivered[request["headers"]["Title"].get<std::string>()];
  ASSERT_EQ(delivered.size(), 2u);
  for (const auto& [title, count] : delivered) EXPECT_EQ(count, 1) << title;
  for (const Json& request : refused) EXPECT_EQ(delivered.count(request["headers"]["Title"]), 1u);
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  EXPECT_EQ(requests_to("/nk-alerts").size(), 4u) << "nothing sent again";
}

TEST_F(ChannelsTest, Telegram_Crawl_429WithRetryAfterInTheBody_IsHonoured_ThenDeliveredOnce) {
  configure(
      "[[notify]]\nname = \"tg\"\ntype = \"telegram\"\napi_url = \"" + url() + "\"\ntoken = \"1:T\"\nchat_id = 5\n",
      "tg");
  crawl_new_items_while_receiver_is("tg429:3600");
  ASSERT_EQ(requests_to("/bot1:T/sendMessage").size(), 2u);
  auto rows = pending_rows("tg");
  ASSERT_EQ(rows.size(), 2u);
  for (const Json& row : rows)
    EXPECT_GE(seconds_of(row["next_attempt"]) - seconds_of(row["created"]), 3600)
        << "parameters.retry_after is Telegram's Retry-After " << row;
  set_receiver_mode("ok");
  ASSERT_EQ(newswatch({"alerts", "retry", "--all"}).exit_code, 0);
  std::map<std::string, int> delivered;  // text -> 200 answers
  for (const Json& request : requests_to("/bot1:T/sendMessage"))
    if (request["mode"] == "ok") ++delivered[Json::parse(request["body"].get<std::string>())["text"]];
  ASSERT_EQ(delivered.size(), 2u);
  for (const auto& [text, count] : delivered) EXPECT_EQ(count, 1) << text;
}

TEST_F(ChannelsTest, Matrix_Crawl_FailedPut_IsRetriedWithTheSameTxnId) {
  configure("[[notify]]\nname = \"room\"\ntype = \"matrix\"\nhomeserver = \"" + url() +
                "\"\nroom = \"!r:example.org\"\ntoken = \"syt\"\n",
            "room");
  crawl_new_items_while_receiver_is("mx429:1000");
  std::set<std::string> refused;
  for (const Json& request : requests_to("/_matrix/")) refused.insert(request["path"].get<std::string>());
  ASSERT_EQ(refused.size(), 2u) << received().dump(1);
  set_receiver_mode("ok");
  ASSERT_EQ(newswatch({"alerts", "retry", "--all"}).exit_code, 0);
  std::map<std::string, int> delivered;
  for (const Json& request : requests_to("/_matrix/")) {
    EXPECT_EQ(request["method"], "PUT");
    if (request["mode"] == "ok") ++delivered[request["path"].get<std::string>()];
  }
  ASSERT_EQ(delivered.size(), 2u);
  for (const auto& [path, count] : delivered) {
    EXPECT_EQ(count, 1) << path;
    EXPECT_EQ(refused.count(path), 1u) << "the retry used a new transaction id: " << path;
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
