#pragma once
// Makes a stuck parse visible. Every few seconds the loop asks the ParseTracker
// for parses running longer than a limit; each one is logged once (error: a
// person should look at that page), its site's health in the store says so
// (`status` shows it) and problem() feeds /readyz until the parse ends.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "crawler/parse_tracker.h"
#include "net/alive_token.h"
#include "store/store_worker.h"

namespace newswatch {

/// How long a parse may run before it is reported.
inline constexpr Millis k_slow_parse_limit = std::chrono::seconds(30);

/// One line naming the slowest parse in `slow` and how many there are; nullopt when `slow` is empty.
std::optional<std::string> describe_slow_parses(const std::vector<ParseTracker::Entry>& slow, SteadyTime now);

class SlowParseWatch {
 public:
  SlowParseWatch(boost::asio::io_context& io, const ParseTracker& parses, StoreWorker& store,
                 Millis limit = k_slow_parse_limit, Millis every = std::chrono::seconds(5));

  /// Starts the periodic check; stop() ends it.
  void start();
  void stop();
  /// What is stuck right now ("parse of site=X url=Y running for 45 s"), or nullopt; read on the loop.
  std::optional<std::string> problem() const;

 private:
  void arm();
  void check();

  boost::asio::steady_timer m_timer;
  const ParseTracker& m_parses;
  StoreWorker& m_store;
  Millis m_limit;
  Millis m_every;
  std::set<std::uint64_t> m_reported;  ///< parses already logged: one line each, not one per check
  AliveToken m_alive;
};

}  // namespace newswatch
