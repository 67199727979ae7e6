#pragma once
// "Try before you trust": one clearly marked test message sent through a
// configured notifier, once, with its real sender (alerts/send_request.h), so
// a user learns whether the webhook URL, secret, format or SMTP settings work
// before a story depends on them. Nothing touches the outbox.

#include <cstdint>
#include <functional>
#include <string>

#include "config/alert.h"
#include "config/config.h"
#include "net/http_client.h"

namespace newswatch {

/// A test alert: title "newswatch test alert", watch "(test)", `test` set, a fresh random delivery id.
Alert make_test_alert(std::int64_t now);

/// What the receiver made of one test message.
struct TestSendResult {
  bool delivered = false;
  /// "HTTP 200 in 45 ms", "accepted by the SMTP server in 30 ms", or why not ("HTTP 500: ...",
  /// "network: Couldn't connect to server ...", with a hint where waiting would not help).
  std::string summary;
};

/// Sends `alert` once through `notifier` on `http` (call on its loop thread), exactly as a delivery would;
/// `done` gets the answer.
void send_test_alert(HttpClient& http, const ServiceConfig& service, const NotifierConfig& notifier, Alert alert,
                     std::function<void(TestSendResult)> done);

}  // namespace newswatch
