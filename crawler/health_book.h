#pragma once
// What the network rule (crawler/site_health.h) needs to know about every site,
// kept up to date row by row so one crawl's decision costs O(1) whatever the
// number of sites. "The network looks down" when every configured site (two or
// more) is in a failing streak without an HTTP answer and one of them is past
// the failing threshold; instead of visiting every site per crawl, the book
// keeps two counters over the configured sites (those in such a streak, and
// those of them failing) and adjusts them on each row it records.
//
// A row is recorded after the store has written it; a set of configured sites
// is given once at start and again after a config change (O(n) then, never per
// crawl). Rows of sites no longer configured are kept (a site put back has its
// state), but never counted.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/site_health_record.h"

namespace newswatch {

class HealthBook {
 public:
  /// Makes `sites` the configured sites (duplicates count once) and recounts: O(n).
  void set_sites(const std::vector<std::string>& sites);
  /// Records `row` as its site's stored state; the network row (site "") is ignored. O(1) on average.
  void record(const SiteHealth& row);
  /// How many distinct sites are configured.
  std::size_t site_count() const noexcept { return m_configured; }
  /// Whether the network looks down once `row` (this crawl's outcome for its site) replaces its site's state.
  bool network_looks_down_with(const SiteHealth& row) const;

 private:
  struct Flags {
    bool configured = false;
    bool streaking = false;  ///< in a failing streak whose last failure got no HTTP answer
    bool failing = false;    ///< past the failing threshold
  };
  struct Hash {
    using is_transparent = void;  // find() by string_view without making a string
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  static Flags flags_of(const SiteHealth& row, bool configured);
  void count(const Flags& flags, int sign);

  std::unordered_map<std::string, Flags, Hash, std::equal_to<>> m_sites;
  std::size_t m_configured = 0;
  std::size_t m_streaking = 0;          ///< configured sites in a no-answer streak
  std::size_t m_streaking_failing = 0;  ///< ...and past the threshold
};

}  // namespace newswatch
