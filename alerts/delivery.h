#pragma once
// What a notifier sends and how an attempt's outcome is judged. The I/O
// (curl on the event loop) is alerts/dispatcher.cpp on net/; everything here is pure.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/alert.h"
#include "config/config.h"

namespace newswatch {

/// An HTTP request ready to send (a POST, or the PUT of Matrix): the body and its headers ("Name: value").
struct WebhookRequest {
  std::string url;
  std::string body;
  std::vector<std::string> headers;
  std::string method = "POST";
};

/// The webhook request for one alert, in the notifier's format (json, slack,
/// discord), with DESIGN.md's headers and the HMAC signature when a secret is set.
WebhookRequest build_webhook(const NotifierConfig& notifier, const Alert& alert, std::string_view version);

/// Every watch the alert stands for, the first (`alert.watch`) first.
std::vector<std::string> alert_watches(const Alert& alert);
/// Those watches joined by ", " ("israel, plenum"), as messages show them.
std::string watch_names(const Alert& alert);

/// Lower-case hex HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// One RFC 5322 message (UTF-8, headers encoded) for one or more alerts (a digest).
std::string build_email(const NotifierConfig& notifier, const std::vector<Alert>& alerts, std::int64_t now);

/// What one attempt to deliver produced.
struct AttemptOutcome {
  int http_status = 0;                              ///< 0: no HTTP answer (network error, timeout)
  std::string error;                                ///< transport error text when http_status == 0
  std::optional<std::chrono::seconds> retry_after;  ///< from the Retry-After header
  std::string body_excerpt;                         ///< first bytes of the answer, for the log
};

enum class Verdict { sent, retry, failed };

struct Decision {
  Verdict verdict = Verdict::retry;
  std::int64_t next_attempt_at = 0;  ///< when verdict == retry
  std::string reason;                ///< for the log and last_error
};

/// Judges an attempt: 2xx sent; 429, 5xx and transport errors retried with
/// exponential backoff and jitter (Retry-After honoured) until `give_up_after`
/// since the alert was created; other statuses fail at once. `jitter01` in [0,1);
/// `alert.attempts` counts the attempts made before this one (retry.cpp has the numbers).
Decision decide(const Alert& alert, const AttemptOutcome& outcome, std::int64_t now, double jitter01,
                std::chrono::seconds give_up_after = std::chrono::hours(24));

}  // namespace newswatch
