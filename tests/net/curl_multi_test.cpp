// The curl/Asio bridge under load and at the edges of its lifetime, plus the
// outbound transfers (webhook POST, SMTP) against real loopback peers.

#include "net/curl_multi.h"

#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "net/http_client.h"
#include "tests/support/files.h"
#include "tests/support/peer.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using namespace std::chrono_literals;
using test::Peer;

HttpRequest get(std::string url) {
  HttpRequest request;
  request.url = std::move(url);
  return request;
}

class CurlMultiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_root = new test::TempDir();
    std::ofstream(*s_root / "page.html", std::ios::binary) << "page";
    s_server = new Peer("http_server.py", {s_root->path().string()});
  }
  static void TearDownTestSuite() {
    delete s_server;
    delete s_root;
  }
  static std::string url(std::string_view path) { return s_server->url(path); }

  static inline Peer* s_server = nullptr;
  static inline test::TempDir* s_root = nullptr;
};

TEST_F(CurlMultiTest, FiftyConcurrentRequests_CompleteOnOneThread_InParallel) {
  constexpr int k_requests = 50;
  boost::asio::io_context io;
  HttpClient client(io);
  const auto loop_thread = std::this_thread::get_id();
  int ok = 0, off_thread = 0;
  for (int i = 0; i < k_requests; ++i) {
    client.start(get(url("/slow?seconds=0.5")), [&](Result<HttpResponse> r) {
      if (r && r->status == 200) ++ok;
      if (std::this_thread::get_id() != loop_thread) ++off_thread;
    });
  }
  EXPECT_EQ(client.active(), static_cast<size_t>(k_requests));
  auto started = std::chrono::steady_clock::now();
  io.run_for(20s);
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(ok, k_requests);
  EXPECT_EQ(off_thread, 0);
  EXPECT_EQ(client.active(), 0u);
  std::printf("50 requests of 0.5 s each took %.2f s\n", std::chrono::duration<double>(elapsed).count());
  EXPECT_LT(elapsed, 3s) << "requests ran one after another: 50 x 0.5 s would take 25 s";
}

TEST_F(CurlMultiTest, CancelAll_AbandonsTransfersWithoutCallingHandlers) {
  boost::asio::io_context io;
  HttpClient client(io);
  int called = 0;
  for (int i = 0; i < 10; ++i) client.start(get(url("/slow?seconds=3")), [&](Result<HttpResponse>) { ++called; });
  io.run_for(300ms);  // connections open, requests sent, sockets watched
  EXPECT_EQ(client.active(), 10u);
  client.cancel_all();
  EXPECT_EQ(client.active(), 0u);
  io.run_for(500ms);
  EXPECT_EQ(called, 0);
  EXPECT_TRUE(io.stopped()) << "work left on the loop after cancel_all";

  // The client is still usable after cancelling.
  std::optional<Result<HttpResponse>> after;
  client.start(get(url("/page.html")), [&](Result<HttpResponse> r) { after = std::move(r); });
  io.restart();
  io.run_for(5s);
  ASSERT_TRUE(after.has_value());
  ASSERT_TRUE(*after) << after->error().message;
  EXPECT_EQ((*after)->body, "page");
}

TEST_F(CurlMultiTest, DestroyingClientMidTransfer_CallsNoHandlerAndLeavesLoopClean) {
  boost::asio::io_context io;
  int called = 0;
  {
    HttpClient client(io);
    for (int i = 0; i < 5; ++i) client.start(get(url("/stall?seconds=3")), [&](Result<HttpResponse>) { ++called; });
    io.run_for(300ms);
  }
  io.restart();
  io.run_for(500ms);  // stale socket/timer handlers must find nothing to touch
  EXPECT_EQ(called, 0);
}

TEST_F(CurlMultiTest, HandlerMayStartTheNextTransfer_AndMayDestroyTheClient) {
  boost::asio::io_context io;
  auto client = std::make_unique<HttpClient>(io);
  std::vector<int> statuses;
  std::function<void(Result<HttpResponse>)> next = [&](Result<HttpResponse> r) {
    statuses.push_back(r ? r->status : -1);
    if (statuses.size() < 5)
      client->start(get(url("/page.html")), next);
    else
      client.reset();  // destroyed from inside its own completion
  };
  client->start(get(url("/page.html")), next);
  io.run_for(10s);
  EXPECT_EQ(statuses, std::vector<int>(5, 200));
  EXPECT_EQ(client, nullptr);
}

TEST_F(CurlMultiTest, WebhookPost_DeliversBodyAndHeaders) {
  Peer receiver("webhook_receiver.py");
  HttpRequest request = get(receiver.url("/hook/abc"));
  request.method = "POST";
  request.body = R"({"event":"item.matched"})";
  request.headers = {"Content-Type: application/json", "X-Newswatch-Delivery: 42"};
  request.user_agent = "newswatch/0.1";
  boost::asio::io_context io;
  HttpClient client(io);
  std::optional<Result<HttpResponse>> got;
  client.start(request, [&](Result<HttpResponse> r) { got = std::move(r); });
  io.run_for(10s);
  ASSERT_TRUE(got && *got) << (got ? got->error().message : "no answer");
  EXPECT_EQ((*got)->status, 200);

  auto received = nlohmann::json::parse(test::http_get(receiver.url("/_received")));
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0]["path"], "/hook/abc");
  EXPECT_EQ(received[0]["body"], request.body);
  EXPECT_EQ(received[0]["headers"]["Content-Type"], "application/json");
  EXPECT_EQ(received[0]["headers"]["X-Newswatch-Delivery"], "42");
  EXPECT_EQ(received[0]["headers"]["User-Agent"], "newswatch/0.1");
}

TEST_F(CurlMultiTest, WebhookModes_AreReportedAsStatusesOrTimeout) {
  Peer receiver("webhook_receiver.py");
  struct Case {
    std::string mode;
    int status;
    std::optional<std::chrono::seconds> retry_after;
  };
  const Case cases[] = {{"fail", 500, {}}, {"gone", 410, {}}, {"429:30", 429, 30s}, {"ok", 200, {}}};
  boost::asio::io_context io;
  HttpClient client(io);
  for (const auto& c : cases) {
    test::http_post(receiver.url("/_mode"), c.mode);
    HttpRequest request = get(receiver.url("/hook"));
    request.method = "POST";
    request.body = "{}";
    std::optional<Result<HttpResponse>> got;
    client.start(request, [&](Result<HttpResponse> r) { got = std::move(r); });
    io.restart();
    io.run_for(10s);
    ASSERT_TRUE(got && *got) << c.mode;
    EXPECT_EQ((*got)->status, c.status) << c.mode;
    EXPECT_EQ((*got)->retry_after, c.retry_after) << c.mode;
  }
}

TEST_F(CurlMultiTest, HangingWebhookReceiver_TimesOut) {
  Peer receiver("webhook_receiver.py");
  test::http_post(receiver.url("/_mode"), "hang");
  HttpRequest request = get(receiver.url("/hook"));
  request.method = "POST";
  request.body = "{}";
  request.total_timeout = 1s;
  boost::asio::io_context io;
  HttpClient client(io);
  std::optional<Result<HttpResponse>> got;
  client.start(request, [&](Result<HttpResponse> r) { got = std::move(r); });
  io.run_for(10s);
  ASSERT_TRUE(got.has_value());
  ASSERT_FALSE(*got);
  EXPECT_EQ(got->error().kind, ErrorKind::timeout) << got->error().message;
}

std::vector<nlohmann::json> read_mails(const std::string& path) {
  std::vector<nlohmann::json> mails;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) mails.push_back(nlohmann::json::parse(line));
  return mails;
}

Result<void> send(const SmtpRequest& mail) {
  boost::asio::io_context io;
  HttpClient client(io);
  std::optional<Result<void>> got;
  client.send_mail(mail, [&](Result<void> r) { got = std::move(r); });
  io.run_for(20s);
  if (!got) return fail(ErrorKind::network, "test: handler never called");
  return *got;
}

SmtpRequest mail_to(const Peer& smtp) {
  SmtpRequest mail;
  mail.url = "smtp://127.0.0.1:" + std::to_string(smtp.port());
  mail.require_starttls = false;
  mail.from = "newswatch@example.org";
  mail.to = {"alice@example.org", "bob@example.org"};
  mail.message = "From: newswatch@example.org\r\nTo: alice@example.org\r\nSubject: Match\r\n\r\nKim closes meeting\r\n";
  return mail;
}

TEST(SmtpTest, Mail_IsDeliveredWithFromRecipientsAndBody) {
  test::TempDir dir;
  std::string out = (dir / "mails.jsonl").string();
  Peer smtp("smtp_server.py", {"--out", out, "--auth"});
  SmtpRequest mail = mail_to(smtp);
  mail.username = "newswatch";
  mail.password = "secret";
  auto sent = send(mail);
  ASSERT_TRUE(sent) << sent.error().message;
  auto mails = read_mails(out);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0]["mail_from"], "newswatch@example.org");
  EXPECT_EQ(mails[0]["rcpt_tos"], nlohmann::json::array({"alice@example.org", "bob@example.org"}));
  EXPECT_NE(mails[0]["data"].get<std::string>().find("Subject: Match"), std::string::npos);
  EXPECT_NE(mails[0]["data"].get<std::string>().find("Kim closes meeting"), std::string::npos);
  EXPECT_EQ(mails[0]["login"], "newswatch");
}

TEST(SmtpTest, RequiredStarttlsUnavailable_FailsNamingServerButNotPassword) {
  test::TempDir dir;
  std::string out = (dir / "mails.jsonl").string();
  Peer smtp("smtp_server.py", {"--out", out});
  SmtpRequest mail = mail_to(smtp);
  mail.require_starttls = true;  // the peer offers no STARTTLS
  mail.username = "newswatch";
  mail.password = "hunter2-secret";
  auto sent = send(mail);
  ASSERT_FALSE(sent);
  EXPECT_NE(sent.error().message.find("127.0.0.1:" + std::to_string(smtp.port())), std::string::npos)
      << sent.error().message;
  EXPECT_EQ(sent.error().message.find("hunter2"), std::string::npos);
  EXPECT_TRUE(read_mails(out).empty());
}

TEST(SmtpTest, NoSmtpServer_IsNetworkError) {
  SmtpRequest mail;
  mail.url = "smtp://127.0.0.1:1";
  mail.require_starttls = false;
  mail.from = "a@example.org";
  mail.to = {"b@example.org"};
  mail.message = "Subject: x\r\n\r\ny\r\n";
  auto sent = send(mail);
  ASSERT_FALSE(sent);
  EXPECT_EQ(sent.error().kind, ErrorKind::network);
  EXPECT_NE(sent.error().message.find("127.0.0.1:1"), std::string::npos) << sent.error().message;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
