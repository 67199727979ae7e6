#pragma once
// The outbox dispatcher: claims due alerts (a lease in the database, so other
// processes on the same file leave them alone), sends them through their
// notifiers on the event loop's curl multi and records each outcome.
//
// Delivery is at-least-once with a stable id: a row is marked sent only after
// a 2xx (or an accepted SMTP transaction); a crash between send and mark
// resends once with the same X-Newswatch-Delivery, which receivers dedupe on.
// A row in flight is never sent twice. A 2xx whose recording fails (disk full,
// a long write lock) is remembered: the alert is never sent again by this
// process, and recording it is retried with backoff (dispatcher_record.cpp).
// Rows of a notifier that is not configured are held, not failed, and go out
// once a reload brings it back. Email notifiers with a digest interval batch
// every pending row into one mail once the oldest has waited `digest`.
// A watch with `quiet` hours has its new rows put off to the window's end
// (in the claim, so the wait is in the database); a high-priority watch is
// never quiet; at the end a mail notifier gets the night's rows as one digest,
// the other channels one by one.
//
// For /metrics it keeps, in memory, each alert's attempt outcomes by notifier,
// and (in the service) a snapshot of the outbox counts by state, refreshed by
// one grouped COUNT on the store thread after each round: the health endpoint
// answers on the loop thread and never waits for the database.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/alert.h"
#include "config/config.h"
#include "net/alive_token.h"
#include "net/http_client.h"
#include "store/store_worker.h"

namespace newswatch {

/// How the attempts to deliver one notifier's alerts ended, since start-up (an email digest counts each alert).
struct DeliveryCounts {
  long long delivered = 0;
  long long failed = 0;  ///< given up: a status no retry fixes, or 24 hours of retries
  long long retry = 0;   ///< will be tried again
};

class Dispatcher {
 public:
  Dispatcher(boost::asio::io_context& io, HttpClient& http, StoreWorker& store, std::shared_ptr<const Config> config);

  /// Uses `config`'s notifiers from the next round on (SIGHUP reload) and starts one, so held rows of a
  /// notifier that is back go out at once.
  void set_config(std::shared_ptr<const Config> config);
  /// Checks the outbox every `poll` and whenever kick() is called.
  void start(std::chrono::seconds poll);
  /// Looks for due alerts now (after a crawl queued some).
  void kick();
  /// Runs rounds until nothing due is left to try now, then calls `done`
  /// (for `once` and `alerts retry`): retries scheduled for later stay queued.
  void drain(std::function<void()> done);
  /// drain() for `alerts retry`: only row `only_id` (every due row when nullopt), digest waits ignored.
  void drain_now(std::optional<std::int64_t> only_id, std::function<void()> done);
  /// Stops the timer; sends in flight are left to HttpClient::cancel_all.
  void stop();

  /// Attempt outcomes by notifier name (every configured notifier listed, zeros included); read on the loop thread.
  const std::map<std::string, DeliveryCounts>& deliveries() const noexcept { return m_deliveries; }
  /// The outbox counts as of the last round's end (start() mode only); nullopt before the first.
  const std::optional<OutboxCounts>& outbox_snapshot() const noexcept { return m_outbox_snapshot; }

 private:
  void start_round();
  ClaimRequest claim_request() const;
  void send_round(Claim claim);
  void send_http(const NotifierConfig& notifier, const Alert& alert);
  void send_email(const NotifierConfig& notifier, std::vector<Alert> alerts);
  void record(const std::vector<Alert>& alerts, const struct AttemptOutcome& outcome);
  void record_sent(const Alert& alert, std::int64_t at, int tries);
  void retry_record_later(const Alert& alert, std::int64_t at, int tries, const std::string& error);
  void finish_one();
  void arm_timer();
  void count_notifiers();
  /// The configured notifier named `name`, or nullptr. O(1).
  const NotifierConfig* notifier_named(std::string_view name) const;
  void refresh_outbox_snapshot();

  boost::asio::io_context& m_io;
  HttpClient& m_http;
  StoreWorker& m_store;
  std::shared_ptr<const Config> m_config;
  boost::asio::steady_timer m_timer;
  std::chrono::seconds m_poll{30};
  bool m_started = false;
  bool m_in_round = false;
  bool m_again = false;
  bool m_stopped = false;
  int m_outstanding = 0;      ///< sends and marks of the current round not yet finished
  int m_sent_this_round = 0;  ///< attempts made in the current round (drain stops when a round makes none)
  std::set<std::int64_t> m_in_flight;
  std::set<std::int64_t> m_unrecorded;    ///< answered 2xx, not yet recorded: never sent again by this process
  std::optional<std::int64_t> m_only_id;  ///< drain_now: this row alone
  bool m_ignore_digest_wait = false;      ///< drain_now
  std::string m_owner;                    ///< this process's lease token
  std::vector<std::function<void()>> m_drain_waiters;
  std::mt19937 m_random{std::random_device{}()};
  std::map<std::string, DeliveryCounts> m_deliveries;
  /// m_config's notifiers by name (views into m_config, rebuilt with it): one lookup per claimed alert.
  std::unordered_map<std::string_view, const NotifierConfig*> m_notifiers;
  std::optional<OutboxCounts> m_outbox_snapshot;
  AliveToken m_alive;  ///< last member: store and parse completions do nothing once this object is gone
};

}  // namespace newswatch
