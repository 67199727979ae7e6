#pragma once
// Pages being parsed right now. Parsing runs on a pool of threads and cannot be
// interrupted (Gumbo has no cancel), so a hostile page that is slow despite the
// size and depth limits must at least be visible: the service asks the tracker
// for parses running longer than a threshold, logs them once, marks the site's
// health in the store (so `status` shows it) and reports not-ready on /readyz.
//
// Thread-safe: parse threads begin and end entries, the loop reads them.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "config/clock.h"

namespace newswatch {

class ParseTracker {
 public:
  /// One parse in progress.
  struct Entry {
    std::uint64_t id = 0;
    std::string site;
    std::string url;
    SteadyTime since;
  };

  /// Ends its entry when destroyed: hold it for the length of one parse.
  class Scope {
   public:
    Scope(ParseTracker& tracker, std::uint64_t id) : m_tracker(&tracker), m_id(id) {}
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    ~Scope() { m_tracker->end(m_id); }

   private:
    ParseTracker* m_tracker;
    std::uint64_t m_id;
  };

  /// Records that `site`'s page `url` starts parsing at `now`; the entry lasts as long as the Scope.
  [[nodiscard]] Scope begin(std::string site, std::string url, SteadyTime now);
  /// The parses that have run longer than `limit` at `now`, oldest first.
  std::vector<Entry> slower_than(Millis limit, SteadyTime now) const;
  /// How many parses are running.
  std::size_t running() const;

 private:
  void end(std::uint64_t id);

  mutable std::mutex m_mutex;
  std::map<std::uint64_t, Entry> m_running;  ///< by id: ids grow, so map order is start order
  std::uint64_t m_next_id = 1;
};

}  // namespace newswatch
