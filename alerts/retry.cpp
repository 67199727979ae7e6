// How one delivery attempt is judged (DESIGN.md "Webhook delivery").
// - 2xx: sent.
// - 429, 5xx, 408 (request timeout) and no HTTP answer at all (connection
//   error, timeout; http_status 0): retried. The wait is exponential,
//   min(30s * 2^attempts, 1h), times (0.5 + jitter01): a +/-50% multiplicative
//   jitter around the base, so alerts failed together do not retry together
//   and the wait never drops below half the base (unlike "full" jitter).
//   A Retry-After from the receiver is a floor: we never come back earlier.
// - Once the next attempt would fall at or after created_at + give_up_after
//   (24h by default) the alert fails instead, keeping the last reason.
// - Anything else (other 4xx, leftover 3xx after curl followed redirects, 1xx)
//   will not get better by waiting: failed at once with status and excerpt.
// - So are SMTP failures that only a configuration change can fix (a server
//   without STARTTLS, credentials rejected): failed at once, with a hint.
// `alert.attempts` counts the attempts made before this one.

#include <algorithm>
#include <cmath>
#include <string_view>

#include "alerts/delivery.h"
#include "alerts/normalize.h"

namespace newswatch {
namespace {

constexpr std::int64_t k_base_delay = 30;
constexpr std::int64_t k_max_delay = 3600;
constexpr std::size_t k_excerpt_chars = 200;

/// Transport errors no retry can fix, by curl's message (curl_easy_strerror), with what to do about them.
struct PermanentError {
  std::string_view needle;
  std::string_view hint;
};
constexpr PermanentError k_permanent_errors[] = {
    {"Requested SSL level failed",  // CURLE_USE_SSL_FAILED: STARTTLS required, the server offers none
     "the SMTP server does not offer STARTTLS; for a trusted local relay set tls = \"none\" on this notifier"},
    {"Login denied",  // CURLE_LOGIN_DENIED: AUTH rejected
     "the SMTP server rejected the username or password; check them (password, password_env or password_file)"},
};

const PermanentError* permanent_error(const AttemptOutcome& outcome) {
  if (outcome.http_status != 0) return nullptr;
  for (const PermanentError& known : k_permanent_errors)
    if (outcome.error.find(known.needle) != std::string::npos) return &known;
  return nullptr;
}

bool retryable(int status) {
  return status == 0 || status == 408 || status == 429 || status >= 500;
}

/// Whitespace collapsed and cut, so a receiver's HTML error page fits one log line.
std::string excerpt(std::string_view body) {
  std::string flat;
  for (char c : body) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (flat.empty() || flat.back() == ' ')) continue;
    flat += space ? ' ' : c;
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  return truncate_text(flat, k_excerpt_chars);
}

std::string describe(const AttemptOutcome& outcome) {
  if (outcome.http_status == 0)
    return "network: " + (outcome.error.empty() ? std::string("no response") : outcome.error);
  std::string text = "HTTP " + std::to_string(outcome.http_status);
  std::string body = excerpt(outcome.body_excerpt);
  return body.empty() ? text : text + ": " + body;
}

std::string human_duration(std::chrono::seconds duration) {
  auto s = duration.count();
  if (s % 86400 == 0 && s >= 86400 * 2) return std::to_string(s / 86400) + "d";
  if (s % 3600 == 0) return std::to_string(s / 3600) + "h";
  if (s % 60 == 0) return std::to_string(s / 60) + "m";
  return std::to_string(s) + "s";
}

std::int64_t backoff_delay(int attempts, double jitter01) {
  int doublings = std::clamp(attempts, 0, 20);  // 30s * 2^7 already passes the cap
  std::int64_t base = std::min<std::int64_t>(k_base_delay << doublings, k_max_delay);
  double factor = 0.5 + std::clamp(jitter01, 0.0, 1.0);
  return std::max<std::int64_t>(1, std::llround(static_cast<double>(base) * factor));
}

}  // namespace

Decision decide(const Alert& alert, const AttemptOutcome& outcome, std::int64_t now, double jitter01,
                std::chrono::seconds give_up_after) {
  std::string reason = describe(outcome);
  if (outcome.http_status >= 200 && outcome.http_status < 300) return Decision{Verdict::sent, 0, std::move(reason)};
  if (!retryable(outcome.http_status)) return Decision{Verdict::failed, 0, std::move(reason)};
  if (const PermanentError* known = permanent_error(outcome))
    return Decision{Verdict::failed, 0, reason + " (" + std::string(known->hint) + ")"};

  std::int64_t next = now + backoff_delay(alert.attempts, jitter01);
  if (outcome.retry_after) next = std::max(next, now + outcome.retry_after->count());
  if (alert.created_at + give_up_after.count() <= next) {
    return Decision{Verdict::failed, 0, "gave up after " + human_duration(give_up_after) + ": " + reason};
  }
  return Decision{Verdict::retry, next, std::move(reason)};
}

}  // namespace newswatch
