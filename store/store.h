#pragma once
// The store: sites' fetch state, items and their revisions, stories and the
// alert outbox, behind an interface that leaks no SQLite type (a PostgreSQL
// store could stand in). Not thread-safe: one Store per thread; StoreWorker
// (store_worker.h) keeps one on its store thread, never on the event loop.
//
// Invariants (DESIGN.md): one crawl result is applied in one transaction
// together with its outbox rows; the first successful crawl of a site is a
// baseline that queues no alert; an outbox row's id is its delivery id.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/alert.h"
#include "config/error.h"
#include "config/item.h"

namespace newswatch {

/// What the crawler remembers per site between fetches.
struct FetchState {
  std::string site;
  std::string url;            ///< the URL last fetched
  std::string etag;           ///< for If-None-Match
  std::string last_modified;  ///< for If-Modified-Since
  std::string body_hash;      ///< hash of the last body parsed: same bytes are not parsed again
  int last_status = 0;        ///< HTTP status of the last attempt (0: no answer)
  int consecutive_failures = 0;
  std::optional<std::int64_t> last_crawl_at;  ///< unix seconds, any outcome
  std::optional<std::int64_t> last_success_at;
  std::optional<std::int64_t> next_due_at;
  int items_found = 0;     ///< on the last parsed page
  int items_new = 0;       ///< new items of the last crawl
  std::string last_error;  ///< "" when the last crawl succeeded
  std::string health;      ///< "ok", or the problem ("no items on a 200 page", ...)
  bool baseline_done = false;
};

/// The result of one crawl of one site, to be applied atomically.
struct CrawlOutcome {
  std::string site;
  std::string url;
  std::int64_t at = 0;  ///< unix seconds
  int http_status = 0;
  std::string etag;
  std::string last_modified;
  std::string body_hash;
  /// The page's items, or nullopt when nothing was parsed (304, unchanged bytes, failure).
  std::optional<std::vector<Item>> items;
  std::string error;   ///< non-empty: the crawl failed (counts a consecutive failure)
  std::string health;  ///< "ok" or the problem to report
  std::optional<std::int64_t> next_due_at;
};

/// One alert to queue: a watch matched an item and names this notifier.
struct AlertRequest {
  std::string watch;
  std::string notifier;
  std::vector<std::string> matched;
  bool once_per_story = true;  ///< skip when this watch already alerted this notifier on the item's story
};

/// Called inside the crawl's transaction for every new item of a site past its
/// baseline (not for revisions: an edited headline is not news; see
/// store/apply_crawl.cpp); returns the alerts to queue for it. An exception it
/// throws rolls the crawl back and comes out as Error{storage}.
using MatchFn = std::function<std::vector<AlertRequest>(const Item&)>;

struct ApplyResult {
  int items_found = 0;
  int items_new = 0;
  int items_revised = 0;
  std::vector<std::int64_t> queued_alerts;  ///< ids of the outbox rows created
  bool baseline = false;                    ///< this crawl was the site's baseline
};

/// A stored item with what the store knows about it.
struct StoredItem {
  std::int64_t id = 0;
  Item item;  ///< the current revision
  std::int64_t first_seen = 0;
  std::int64_t last_seen = 0;
  std::string story_id;
  std::vector<std::string> story_sources;
  int revisions = 0;  ///< earlier versions kept
};

struct ItemQuery {
  std::optional<std::string> site;
  std::optional<std::int64_t> since;  ///< first_seen >= since
  int limit = 50;
};

struct OutboxCounts {
  int pending = 0;
  int sent = 0;
  int failed = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  /// The site's state; a default FetchState (site set) when never crawled.
  virtual Result<FetchState> fetch_state(std::string_view site) = 0;
  /// Every known site's state, by name.
  virtual Result<std::vector<FetchState>> fetch_states() = 0;
  /// Replaces a known site's health line until its next crawl is applied (a slow parse says so); no-op
  /// for a site never crawled.
  virtual Result<void> note_health(std::string_view site, std::string_view health) = 0;
  /// Applies one crawl in one transaction: fetch state, new items, revisions,
  /// story links and outbox rows from `match`. Nothing is written on failure.
  virtual Result<ApplyResult> apply_crawl(const CrawlOutcome& outcome, const MatchFn& match) = 0;

  /// Stored items, newest first.
  virtual Result<std::vector<StoredItem>> items(const ItemQuery& query) = 0;

  /// Pending alerts whose next attempt is due at `now`, oldest first.
  virtual Result<std::vector<Alert>> due_alerts(std::int64_t now, int limit) = 0;
  /// Alerts, newest first, optionally of one state.
  virtual Result<std::vector<Alert>> alerts(std::optional<AlertState> state, int limit) = 0;
  virtual Result<std::optional<Alert>> alert(std::int64_t id) = 0;
  /// Marks delivered (after a 2xx). Idempotent.
  virtual Result<void> mark_sent(std::int64_t id, std::int64_t at) = 0;
  /// Records a failed attempt to try again at `next_attempt_at`.
  virtual Result<void> mark_retry(std::int64_t id, std::int64_t next_attempt_at, std::string_view error) = 0;
  /// Gives up on the alert; it is kept and can be replayed.
  virtual Result<void> mark_failed(std::int64_t id, std::string_view error) = 0;
  /// Makes the alert (or every pending/failed one when nullopt) due now; returns how many.
  virtual Result<int> retry_now(std::optional<std::int64_t> id, std::int64_t now) = 0;
  virtual Result<OutboxCounts> outbox_counts() = 0;
};

/// How the database file is opened.
enum class StoreAccess {
  create,     ///< the service: creates a missing file, migrates it
  read_only,  ///< status, items, match, alerts: never creates, migrates or writes
};

/// Opens the SQLite database at `path` (":memory:" works with create). Fails with ErrorKind::storage
/// naming the path and SQLite's message; read_only fails with no_database_message() when the file
/// is missing and asks for a service start when its schema is older than this binary's.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, StoreAccess access = StoreAccess::create);

/// "no database at PATH yet (the service creates it on its first crawl)".
std::string no_database_message(const std::string& path);

}  // namespace newswatch
