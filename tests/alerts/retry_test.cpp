#include <gtest/gtest.h>

#include "alerts/delivery.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::int64_t k_created = 1'700'000'000;
constexpr std::int64_t k_day = 24 * 3600;

struct DecideCase {
  const char* name;
  int status;
  const char* body_or_error;
  std::optional<int> retry_after;
  int attempts;
  std::int64_t now_offset;  ///< seconds since the alert was created
  double jitter;
  Verdict verdict;
  std::int64_t next_in;  ///< next_attempt_at - now, when retried
  const char* reason;
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const DecideCase& c, std::ostream* os) {
  *os << c.name;
}

const DecideCase k_cases[] = {
    {"ok_200", 200, "", {}, 0, 5, 0.5, Verdict::sent, 0, "HTTP 200"},
    {"no_content_204", 204, "", {}, 3, 5, 0.5, Verdict::sent, 0, "HTTP 204"},
    {"redirect_left_over_fails", 301, "Moved", {}, 0, 5, 0.5, Verdict::failed, 0, "HTTP 301: Moved"},
    {"bad_request_fails_at_once", 400, "bad payload", {}, 0, 5, 0.5, Verdict::failed, 0, "HTTP 400: bad payload"},
    {"not_found_fails_with_collapsed_excerpt",
     404,
     "<html>\n  <body>Not Found</body>\n</html>\n",
     {},
     0,
     5,
     0.5,
     Verdict::failed,
     0,
     "HTTP 404: <html> <body>Not Found</body> </html>"},
    {"gone_fails", 410, "", {}, 2, 5, 0.5, Verdict::failed, 0, "HTTP 410"},
    {"request_timeout_retries", 408, "", {}, 0, 5, 0.5, Verdict::retry, 30, "HTTP 408"},
    {"too_many_requests_honours_retry_after", 429, "slow down", 120, 0, 5, 0.5, Verdict::retry, 120,
     "HTTP 429: slow down"},
    {"backoff_longer_than_retry_after_wins", 429, "", 10, 0, 5, 0.5, Verdict::retry, 30, "HTTP 429"},
    {"server_error_first_retry_base", 500, "oops", {}, 0, 5, 0.5, Verdict::retry, 30, "HTTP 500: oops"},
    {"jitter_zero_halves_the_wait", 500, "", {}, 0, 5, 0.0, Verdict::retry, 15, "HTTP 500"},
    {"jitter_max_one_and_a_half_times", 500, "", {}, 0, 5, 0.999, Verdict::retry, 45, "HTTP 500"},
    {"unavailable_doubles_per_attempt", 503, "", {}, 3, 5, 0.5, Verdict::retry, 240, "HTTP 503"},
    {"connection_error_retries",
     0,
     "Connection refused",
     {},
     1,
     5,
     0.5,
     Verdict::retry,
     60,
     "network: Connection refused"},
    {"timeout_retries", 0, "Timeout was reached", {}, 2, 5, 0.5, Verdict::retry, 120, "network: Timeout was reached"},
    {"backoff_capped_at_one_hour", 500, "", {}, 7, 5, 0.5, Verdict::retry, 3600, "HTTP 500"},
    {"cap_survives_huge_attempt_counts", 500, "", {}, 1000, 5, 0.5, Verdict::retry, 3600, "HTTP 500"},
    {"capped_wait_still_jittered", 500, "", {}, 10, 5, 0.999, Verdict::retry, 5396, "HTTP 500"},
    {"gives_up_after_24h",
     500,
     "oops",
     {},
     10,
     k_day - 10,
     0.5,
     Verdict::failed,
     0,
     "gave up after 24h: HTTP 500: oops"},
    {"gives_up_when_next_attempt_lands_on_deadline",
     0,
     "Connection refused",
     {},
     0,
     k_day - 30,
     0.5,
     Verdict::failed,
     0,
     "gave up after 24h: network: Connection refused"},
    {"retries_when_next_attempt_is_before_deadline", 500, "", {}, 0, k_day - 31, 0.5, Verdict::retry, 30, "HTTP 500"},
    {"smtp_without_starttls_fails_at_once_with_hint",
     0,
     "sending mail via SMTP server 127.0.0.1:25 failed: Requested SSL level failed",
     {},
     0,
     5,
     0.5,
     Verdict::failed,
     0,
     "network: sending mail via SMTP server 127.0.0.1:25 failed: Requested SSL level failed (the SMTP server does "
     "not offer STARTTLS; for a trusted local relay set tls = \"none\" on this notifier)"},
    {"smtp_login_denied_fails_at_once_with_hint",
     0,
     "sending mail via SMTP server 127.0.0.1:25 failed: Login denied",
     {},
     0,
     5,
     0.5,
     Verdict::failed,
     0,
     "network: sending mail via SMTP server 127.0.0.1:25 failed: Login denied (the SMTP server rejected the "
     "username or password; check them (password, password_env or password_file))"},
    {"smtp_connection_refused_still_retries",
     0,
     "sending mail via SMTP server 127.0.0.1:25 failed: Couldn't connect to server",
     {},
     0,
     5,
     0.5,
     Verdict::retry,
     30,
     "network: sending mail via SMTP server 127.0.0.1:25 failed: Couldn't connect to server"},
    {"retry_after_past_deadline_gives_up", 429, "", 7200, 0, k_day - 3600, 0.5, Verdict::failed, 0,
     "gave up after 24h: HTTP 429"},
};

class DecideTest : public testing::TestWithParam<DecideCase> {};

TEST_P(DecideTest, JudgesAttempt) {
  const auto& c = GetParam();
  Alert alert;
  alert.id = 7;
  alert.attempts = c.attempts;
  alert.created_at = k_created;
  AttemptOutcome outcome;
  outcome.http_status = c.status;
  (c.status == 0 ? outcome.error : outcome.body_excerpt) = c.body_or_error;
  if (c.retry_after) outcome.retry_after = std::chrono::seconds(*c.retry_after);
  std::int64_t now = k_created + c.now_offset;

  Decision decision = decide(alert, outcome, now, c.jitter);
  EXPECT_EQ(decision.verdict, c.verdict);
  EXPECT_EQ(decision.reason, c.reason);
  if (c.verdict == Verdict::retry) {
    EXPECT_EQ(decision.next_attempt_at - now, c.next_in);
  }
}

INSTANTIATE_TEST_SUITE_P(Retry, DecideTest, testing::ValuesIn(k_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Retry, LongBodyExcerpt_IsCutForTheLog) {
  AttemptOutcome outcome{404, "", std::nullopt, std::string(5000, 'x')};
  Decision decision = decide(Alert{}, outcome, 100, 0.5);
  EXPECT_EQ(decision.verdict, Verdict::failed);
  EXPECT_LE(decision.reason.size(), 220u);
  EXPECT_TRUE(decision.reason.ends_with("\u2026"));
}

TEST(Retry, GiveUpWindow_IsConfigurable) {
  Alert alert;
  alert.created_at = 0;
  AttemptOutcome outcome{503, "", std::nullopt, ""};
  Decision decision = decide(alert, outcome, 3590, 0.5, std::chrono::hours(1));  // next try at 3620
  EXPECT_EQ(decision.verdict, Verdict::failed);
  EXPECT_EQ(decision.reason, "gave up after 1h: HTTP 503");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
