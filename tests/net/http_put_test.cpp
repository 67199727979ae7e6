// HttpClient's PUT (the Matrix send API is a PUT): the body goes out with the
// PUT verb, in one request, without a 100-continue round trip, against the
// loopback fixture server that logs what it received.

#include <optional>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "net/http_client.h"
#include "tests/support/files.h"
#include "tests/support/peer.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using namespace std::chrono_literals;

TEST(HttpPut, SendsTheBodyWithThePutVerb_AndGetsTheAnswer) {
  test::TempDir root;
  test::Peer server("http_server.py", {root.path().string()});
  HttpRequest request;
  request.url = server.url("/echo");
  request.method = "PUT";
  request.headers = {"Content-Type: application/json"};
  request.body = R"({"msgtype":"m.text","body":"hello"})";
  boost::asio::io_context io;
  HttpClient client(io);
  std::optional<Result<HttpResponse>> got;
  client.start(request, [&](Result<HttpResponse> r) { got = std::move(r); });
  io.run_for(20s);
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(*got) << (*got).error().message;
  EXPECT_EQ((*got)->status, 200);
  EXPECT_EQ((*got)->body, request.body) << "the server echoes what it received";
  auto log = nlohmann::json::parse(test::http_get(server.url("/_control/log")));
  ASSERT_EQ(log.size(), 1u) << log.dump();
  EXPECT_EQ(log[0]["method"], "PUT");
  EXPECT_EQ(log[0]["body"], request.body);
  EXPECT_EQ(log[0]["headers"].value("Expect", ""), "") << "no 100-continue round trip";
  EXPECT_EQ(log[0]["headers"].value("Content-Type", ""), "application/json");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
