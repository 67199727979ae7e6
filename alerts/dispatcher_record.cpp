// Recording what an attempt produced. A 2xx is a fact the outbox must learn
// even when the database cannot take it now (disk full, another process
// holding the write lock past busy_timeout): the alert stays in m_unrecorded,
// so no later round sends it again, and recording is retried with backoff
// (1 s doubling to 60 s) while the round stays open. A warning names the alert
// on the first failure, an info line when it is recorded at last. After
// k_record_tries the round lets go (so `once` can exit); the alert is still
// never resent by this process, and a later process resends it once with the
// same delivery id. Retry and failure reports are recorded once: if that
// fails the row's lease expires and it is attempted again, which resends
// nothing that was delivered.

#include <algorithm>
#include <memory>

#include <spdlog/spdlog.h>

#include "alerts/delivery.h"
#include "alerts/dispatcher.h"
#include "config/clock.h"

namespace newswatch {
namespace {

constexpr int k_record_tries = 30;  // about 25 minutes of backoff
constexpr std::int64_t k_record_backoff_cap_seconds = 60;

}  // namespace

void Dispatcher::record(const std::vector<Alert>& alerts, const AttemptOutcome& outcome) {
  const std::int64_t now = unix_now();
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  for (const Alert& alert : alerts) {
    Decision decision = decide(alert, outcome, now, jitter(m_random));
    DeliveryCounts& counts = m_deliveries[alert.notifier];
    switch (decision.verdict) {
      case Verdict::sent:
        ++counts.delivered;
        // The title says which story went out; quoted and escaped ({:?}) so the line stays one line.
        spdlog::info("alert sent id={} delivery={} watch={} notifier={} site={} title={:?} url={}", alert.id,
                     alert.delivery_id, watch_names(alert), alert.notifier, alert.item.site, alert.item.title,
                     alert.item.url);
        m_unrecorded.insert(alert.id);
        ++m_outstanding;
        record_sent(alert, now, 0);
        continue;
      case Verdict::retry:
        ++counts.retry;
        spdlog::warn("alert retry id={} notifier={} attempt={} reason={} next_in={}s", alert.id, alert.notifier,
                     alert.attempts + 1, decision.reason, decision.next_attempt_at - now);
        break;
      case Verdict::failed:
        ++counts.failed;
        spdlog::error("alert failed id={} notifier={} reason={}", alert.id, alert.notifier, decision.reason);
        break;
    }
    ++m_outstanding;
    m_store.post(
        [id = alert.id, owner = m_owner, decision](Store& store) -> Result<void> {
          if (decision.verdict == Verdict::retry)
            return store.mark_retry(id, owner, decision.next_attempt_at, decision.reason);
          return store.mark_failed(id, owner, decision.reason);
        },
        m_alive.guard([this, id = alert.id](Result<void> marked) {
          if (!marked) spdlog::error("outbox update failed id={}: {}", id, marked.error().message);
          finish_one();
        }));
  }
}

void Dispatcher::record_sent(const Alert& alert, std::int64_t at, int tries) {
  m_store.post([id = alert.id, at](Store& store) { return store.mark_sent(id, at); },
               m_alive.guard([this, alert, at, tries](Result<void> marked) {
                 if (!marked) return retry_record_later(alert, at, tries, marked.error().message);
                 m_unrecorded.erase(alert.id);
                 if (tries > 0)
                   spdlog::info("alert recorded as sent id={} delivery={} after {} failed tries", alert.id,
                                alert.delivery_id, tries);
                 finish_one();
               }));
}

void Dispatcher::retry_record_later(const Alert& alert, std::int64_t at, int tries, const std::string& error) {
  if (tries == 0)
    spdlog::warn(
        "alert delivered but not recorded id={} delivery={}: {}; retrying the record with backoff, the alert is not "
        "sent again",
        alert.id, alert.delivery_id, error);
  if (tries + 1 >= k_record_tries || m_stopped) {
    spdlog::error("alert delivered but still not recorded id={} delivery={} after {} tries: {}", alert.id,
                  alert.delivery_id, tries + 1, error);
    finish_one();  // still in m_unrecorded: this process never sends it again
    return;
  }
  auto delay =
      std::chrono::seconds(std::min<std::int64_t>(std::int64_t{1} << std::min(tries, 6), k_record_backoff_cap_seconds));
  auto timer = std::make_shared<boost::asio::steady_timer>(m_io, delay);
  timer->async_wait(m_alive.guard([this, timer, alert, at, tries](boost::system::error_code ec) {
    if (ec) return;
    spdlog::debug("recording alert as sent id={} try={}", alert.id, tries + 2);
    record_sent(alert, at, tries + 1);
  }));
}

}  // namespace newswatch
