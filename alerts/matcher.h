#pragma once
// Watches compiled from the config: which watches (and so which notifiers)
// an item matches, and why. Query language and normalisation: query.h.
// An item is evaluated only against the watches its words anchor (watch_index.h),
// with the same result as evaluating every watch (match_every_watch).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/alert.h"
#include "config/config.h"
#include "config/error.h"
#include "config/item.h"

namespace newswatch {

class Query;
class WatchIndex;
struct MatchText;

struct WatchHit {
  std::string watch;
  std::vector<std::string> notifiers;
  std::vector<std::string> matched;  ///< query terms that matched, canonical names
  bool once_per_story = true;
};

class Matcher {
 public:
  /// Compiles every watch of `config`; fails (ErrorKind::config) naming the watch whose query does not parse.
  static Result<Matcher> build(const Config& config);
  /// The watches `item` matches (title, summary, body, scoped fields), honouring each watch's `sites`. The item
  /// is tokenised once for all watches. With `snippet`, and when some watch matched, fills it (snippet.h)
  /// around the first occurrence of the terms the hits matched.
  std::vector<WatchHit> match(const Item& item, Snippet* snippet = nullptr) const;
  /// What match() returns, found by evaluating every watch instead of the indexed candidates: the reference
  /// the index is tested against (and the bench's baseline).
  std::vector<WatchHit> match_every_watch(const Item& item, Snippet* snippet = nullptr) const;
  /// What match() decides for watch `name` alone: its hit, or nullopt (unknown watch, site not covered, no match).
  std::optional<WatchHit> match_watch(std::string_view name, const Item& item) const;
  /// The compiled query of watch `name` (the one match() applies), or nullptr for an unknown watch.
  const Query* watch_query(std::string_view name) const;
  /// Whether watch `name` looks at items of `site` (its `sites` name it, or "*").
  bool watch_covers(std::string_view name, std::string_view site) const;

  Matcher(Matcher&&) noexcept;
  Matcher& operator=(Matcher&&) noexcept;
  ~Matcher();

 private:
  struct Compiled;
  explicit Matcher(std::vector<Compiled> watches);
  const Compiled* find(std::string_view name) const;
  static std::optional<WatchHit> hit(const Compiled& compiled, const MatchText& text);
  /// Whether some watch looks at items of `site`; if none does, the item is not even tokenised.
  bool some_watch_covers(std::string_view site) const;
  /// The hits among watches `ids` (ascending), and the snippet around the terms they matched.
  std::vector<WatchHit> hits_among(const Item& item, const MatchText& text, const std::vector<std::uint32_t>& ids,
                                   Snippet* snippet) const;
  std::vector<Compiled> m_watches;
  std::unique_ptr<const WatchIndex> m_index;
  std::vector<bool> m_every_site;          ///< per watch, its `sites` is "*": tested without touching the watch
  bool m_covers_every_site = false;        ///< some watch's `sites` is "*"
  std::vector<std::string> m_sites_named;  ///< sorted: every site some watch's `sites` names
};

/// Why `query` does not parse with these aliases (with the offending column), or nullopt.
std::optional<std::string> query_error(std::string_view query,
                                       const std::map<std::string, std::vector<std::string>>& aliases);

/// The located warnings about `query` ("... did you mean OR? at column 8"); empty when none or when it does not parse.
/// With `sites` (the configured site names), also each `site:` term that names none of them.
std::vector<std::string> query_warnings(std::string_view query,
                                        const std::map<std::string, std::vector<std::string>>& aliases,
                                        const std::vector<std::string>& sites = {});

/// The terms `query` matches in `text`, or nullopt when it does not match; for `match` dry runs.
Result<std::optional<std::vector<std::string>>> match_query(
    std::string_view query, const std::map<std::string, std::vector<std::string>>& aliases, std::string_view title,
    std::string_view summary);

}  // namespace newswatch
