// curl's error said once: the error buffer alone when it restates the short
// text, both when the buffer adds something else; and a real refused
// connection on loopback reads without "Couldn't connect to server".

#include "net/curl_error_text.h"

#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

#include "net/http_client.h"
#include "tests/support/peer.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct Row {
  CURLcode code;
  std::string buffer;
  std::string expected;
};

TEST(CurlErrorText, KeepsOneTextWhenTheBufferRestatesTheCode) {
  const Row rows[] = {
      {CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host: x", "Could not resolve host: x"},
      {CURLE_COULDNT_RESOLVE_HOST, "", "Couldn't resolve host name"},
      {CURLE_COULDNT_CONNECT, "Failed to connect to 127.0.0.1 port 9 after 0 ms: Connection refused",
       "Failed to connect to 127.0.0.1 port 9 after 0 ms: Connection refused"},
      {CURLE_OPERATION_TIMEDOUT, "Connection timed out after 2001 milliseconds",
       "Connection timed out after 2001 milliseconds"},
      {CURLE_OPERATION_TIMEDOUT, "Timeout was reached", "Timeout was reached"},
      {CURLE_OPERATION_TIMEDOUT, "timeout was reached\n", "timeout was reached"},
      // The short text carries something the buffer lacks (alerts/retry.cpp matches on it): both stay.
      {CURLE_USE_SSL_FAILED, "STARTTLS not supported.", "Requested SSL level failed: STARTTLS not supported."},
      {CURLE_LOGIN_DENIED, "Authentication failed: 535", "Login denied: Authentication failed: 535"},
  };
  for (const Row& row : rows)
    EXPECT_EQ(curl_error_text(row.code, row.buffer), row.expected) << "buffer: " << row.buffer;
}

TEST(CurlErrorText, RefusedConnection_IsSaidOnce) {
  boost::asio::io_context io;
  HttpClient client(io);
  HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(test::free_port()) + "/";
  std::optional<Result<HttpResponse>> got;
  client.start(std::move(request), [&](Result<HttpResponse> r) { got = std::move(r); });
  io.run_for(std::chrono::seconds(20));
  ASSERT_TRUE(got.has_value());
  ASSERT_FALSE(*got);
  const std::string& message = got->error().message;
  // The short text no longer precedes the buffer that restates it.
  EXPECT_NE(message.find("failed: Failed to connect to 127.0.0.1 port "), std::string::npos) << message;
  EXPECT_EQ(message.find("Couldn't connect to server: "), std::string::npos) << message;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
