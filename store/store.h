#pragma once
// The store: sites' fetch state, items and their revisions, stories and the
// alert outbox, behind an interface that leaks no database type: SQLite (the
// embedded default) or PostgreSQL (a server several instances share) behind it. Not thread-safe: one Store per thread;
// StoreWorker (store_worker.h) keeps one on its store thread, never on the event loop.
//
// Invariants (DESIGN.md): one crawl result is applied in one transaction
// together with its outbox rows; the first successful crawl of a site, and of
// each new URL of a site, is a baseline that queues no alert; an outbox row
// carries a random delivery id (never its row id, which a restored backup hands out again).

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
#include "store/site_health_record.h"

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
  std::string baseline_url;  ///< the URL whose baseline is done: another URL starts a new baseline
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
  /// Run by hand (`once`): a failure is recorded but does not grow consecutive_failures, the
  /// service's backoff streak; a success still resets it.
  bool by_hand = false;
  /// Keys of new items whose article page was to be fetched (fetch_articles) but could not be read in time:
  /// their alerts go out on title and summary, saying so. Sorted.
  std::vector<std::string> bodies_unavailable;
};

/// True when a health line reports no problem: "ok", or "ok; <note>" for something `status` should
/// show that needs no action now (a feed's items known by GUID because its links are unusable).
inline bool healthy(std::string_view health) {
  return health == "ok" || health.starts_with("ok; ");
}

/// One alert to queue: a watch matched an item and names this notifier.
struct AlertRequest {
  std::string watch;
  std::string notifier;
  std::vector<std::string> matched;
  bool once_per_story = true;     ///< skip when this watch already alerted this notifier on the item's story
  bool body_unavailable = false;  ///< the item's article was to be fetched but could not be (Alert::body_unavailable)
  Snippet snippet;                ///< kept in the outbox row (its `also` JSON), so it survives a restart
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

/// How often a site has shown new items lately, for interval = "auto" (crawler/adaptive_interval.h).
struct NewItemCount {
  std::optional<std::int64_t> baseline_at;  ///< first_seen of the site's oldest stored item; nullopt: none stored
  std::int64_t new_items = 0;               ///< items first seen after baseline_at and within [since, until]
};

/// A full-text pre-filter (store/item_search.cpp): an item passes when, for every
/// clause, one of the clause's phrases occurs in its title, its summary or its article text. A
/// phrase is a sequence of lower-case word tokens; matching folds case and
/// diacritics, so it finds a superset of what the alert Matcher would.
struct TextFilter {
  std::vector<std::vector<std::vector<std::string>>> all_of;
};

/// Where a page of items ended: the next page starts after it (keyset paging).
struct ItemCursor {
  std::int64_t first_seen = 0;
  std::int64_t id = 0;
};

struct ItemQuery {
  std::optional<std::string> site;
  std::optional<std::int64_t> since;  ///< first_seen >= since
  int limit = 50;                     ///< 0 or less: no limit
  std::optional<TextFilter> text;     ///< only items passing this pre-filter
  std::optional<ItemCursor> after;    ///< only items older than this one (in newest-first order)
  std::optional<std::string> key;     ///< only the item with this key (canonical URL): one index lookup
  bool bodies = true;                 ///< fill Item::body (inflating it); off where only headlines matter
};

/// What one retention pass deleted (store/retention.cpp).
struct PruneResult {
  int alerts = 0;
  int revisions = 0;
  int items = 0;
  int stories = 0;
  bool more = false;  ///< a kind hit the batch size: run again for the rest
};

/// What a WAL checkpoint did.
struct CheckpointResult {
  bool busy = false;     ///< a reader or writer kept the WAL from being reset
  int wal_frames = 0;    ///< frames in the WAL before the checkpoint
  int checkpointed = 0;  ///< frames copied into the database
};

struct OutboxCounts {
  int pending = 0;
  int sent = 0;
  int failed = 0;
  int held = 0;
};

/// The built-in record every watch's matches are written to (app adds it to each watch's notifiers): outbox rows
/// of this "notifier" are stored as sent, never delivered, and are what the Atom feeds read. Not a valid
/// config name, so no configured notifier can take it.
inline constexpr std::string_view k_feed_record = "@feed";

/// `last_error` of a row waiting for its watch's quiet hours to end (the dispatcher batches such rows).
inline constexpr std::string_view k_quiet_note = "quiet hours";

/// A watch inside its quiet window at claim time: its new rows wait until `end`.
struct QuietWatch {
  std::string watch;
  std::int64_t start = 0;  ///< rows created at or after this wait (unix seconds)
  std::int64_t end = 0;    ///< ... until then
  std::string note;        ///< last_error shown meanwhile, starting with k_quiet_note
};

/// What one process asks of the outbox in one claim (see store/outbox.cpp).
struct ClaimRequest {
  std::int64_t now = 0;
  std::string owner;             ///< this process's lease token (random + pid)
  std::int64_t lease_until = 0;  ///< longer than any send can take
  int limit = 100;
  std::vector<std::string> notifiers;  ///< configured notifiers: pending rows of any other one are held
  /// Digest notifiers and their wait in seconds: their rows are due once the oldest has waited that long.
  std::vector<std::pair<std::string, std::int64_t>> digests;
  std::optional<std::int64_t> only_id;  ///< claim this row alone, digest wait ignored (`alerts retry ID`)
  bool ignore_digest_wait = false;      ///< `alerts retry --all`: now means now
  /// Watches in their quiet hours now: their pending rows created inside the window are put off to its end
  /// first (a row naming several watches waits only while all of them are quiet).
  std::vector<QuietWatch> quiet;
};

struct Claim {
  std::vector<Alert> alerts;  ///< leased to the caller, oldest due first
  int held = 0;               ///< rows newly held because their notifier is gone
  int released = 0;           ///< held rows whose notifier is back, due now
};

/// One `newswatch run` process sharing the database (shared mode, store/site_leases.cpp).
struct InstanceInfo {
  std::string id;  ///< its lease owner token (random + pid)
  std::string hostname;
  std::int64_t pid = 0;
  std::int64_t started_at = 0;  ///< unix seconds
  std::int64_t last_seen = 0;   ///< its last heartbeat
  std::string version;
};

/// A crawl lease held now: `owner` crawls `site`, the only lease on `host`, until `lease_until`.
struct SiteLease {
  std::string host;
  std::string site;
  std::string owner;
  std::int64_t lease_until = 0;
};

/// What one process asks before crawling a due site in shared mode.
struct LeaseRequest {
  std::string site;
  std::string host;   ///< the site's host: one lease per host across every process
  std::string owner;  ///< the asking process's token (InstanceInfo::id)
  std::int64_t now = 0;
  std::int64_t lease_until = 0;  ///< past the crawl's worst case; heartbeats extend it
  bool ignore_due = false;       ///< `newswatch crawl`: crawl now even though another process crawled it lately
};

/// Why a lease was refused.
enum class LeaseRefusal {
  none,               ///< granted
  crawled_elsewhere,  ///< the site's stored next due time is in the future
  host_busy,          ///< another live lease holds the site's host
  host_cooling,       ///< the host's last crawl ended less than its per-host delay ago
};

struct LeaseAnswer {
  bool granted = false;
  LeaseRefusal refusal = LeaseRefusal::none;
  std::int64_t retry_at = 0;  ///< refused: when to ask again (unix seconds)
  FetchState state;           ///< the site's stored state when decided: a granted crawl starts from it
};

/// Ends `owner`'s lease on `host` (no-op when it no longer holds it); the host is free for anyone from `free_at`.
struct LeaseRelease {
  std::string host;
  std::string owner;
  std::int64_t free_at = 0;
  /// > 0: the owner keeps the host until then instead (another of its sites of that host waits for it; the
  /// owner's own politeness spaces the two crawls), so a host's due sites follow each other in one process.
  std::int64_t keep_until = 0;
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
  /// Runs `body` in one write transaction: every write it makes (each apply_crawl a savepoint of its own,
  /// whose failure undoes that crawl alone) commits together. Nothing is written when `body` returns an
  /// error, when the transaction cannot start (another writer holds the lock past the busy timeout) or commit.
  virtual Result<void> in_transaction(const std::function<Result<void>()>& body) = 0;
  /// From now on, a wait for another process's lock gives up at once (the current wait included) instead of
  /// after the busy timeout; callable from any thread. For a stop that must not wait out someone else's lock.
  virtual void abandon_lock_waits() noexcept = 0;

  /// The site's baseline time and how many items it showed for the first time after it, within [since, until]
  /// (unix seconds): two index lookups on items(site, first_seen).
  virtual Result<NewItemCount> new_item_count(std::string_view site, std::int64_t since, std::int64_t until) = 0;
  /// Sets a known site's stored next due time (unix seconds), as an adaptive schedule decides it once the crawl
  /// is stored; no-op for a site never crawled.
  virtual Result<void> set_next_due(std::string_view site, std::int64_t at) = 0;

  /// Stored items, newest first.
  virtual Result<std::vector<StoredItem>> items(const ItemQuery& query) = 0;
  /// Which of `keys` (canonical URLs) are stored items, in the order given: one index lookup each.
  virtual Result<std::vector<std::string>> stored_keys(const std::vector<std::string>& keys) = 0;
  /// How many items are stored.
  virtual Result<std::int64_t> item_count() = 0;
  /// How many items pass `filter` (a cheap index count, to decide whether filtering pays).
  virtual Result<std::int64_t> count_matching(const TextFilter& filter) = 0;

  /// Deletes, in one short transaction per kind and at most `batch` rows of each kind, what is
  /// older than `cutoff` (unix seconds): sent and failed alerts, item revisions, items not seen
  /// since and referenced by no remaining alert, and stories left without items or alerts.
  virtual Result<PruneResult> prune(std::int64_t cutoff, int batch) = 0;
  /// Copies the WAL into the database and truncates it, without waiting for readers
  /// (busy: the WAL is kept for now and a later checkpoint resets it).
  virtual Result<CheckpointResult> checkpoint() = 0;

  /// In one write transaction: holds pending rows of unconfigured notifiers, releases held rows whose
  /// notifier is back, and leases due rows (pending, not held, not leased by anyone) to `request.owner`,
  /// so processes sharing the file never send one row twice. Fails with Error{storage} (e.g. busy).
  virtual Result<Claim> claim_due(const ClaimRequest& request) = 0;
  /// Alerts, newest first, optionally of one state.
  virtual Result<std::vector<Alert>> alerts(std::optional<AlertState> state, int limit) = 0;
  virtual Result<std::optional<Alert>> alert(std::int64_t id) = 0;
  /// Marks delivered (after a 2xx) and ends any lease: a 2xx is a fact whoever holds the lease. Idempotent.
  virtual Result<void> mark_sent(std::int64_t id, std::int64_t at) = 0;
  /// Records a failed attempt to try again at `next_attempt_at`; fails when `owner` no longer holds the lease.
  virtual Result<void> mark_retry(std::int64_t id, std::string_view owner, std::int64_t next_attempt_at,
                                  std::string_view error) = 0;
  /// Gives up on the alert (kept, replayable); fails when `owner` no longer holds the lease.
  virtual Result<void> mark_failed(std::int64_t id, std::string_view owner, std::string_view error) = 0;
  /// Sends a pending, held or failed alert to `notifier` from now on; fails (usage) when the alert is
  /// unknown, already sent, or that notifier already has this item from this watch.
  virtual Result<void> retarget(std::int64_t id, std::string_view notifier) = 0;
  /// Makes the alert (or every pending/failed one when nullopt) due now; returns how many.
  virtual Result<int> retry_now(std::optional<std::int64_t> id, std::int64_t now) = 0;
  virtual Result<OutboxCounts> outbox_counts() = 0;
  /// The newest `limit` matches recorded for the feeds (k_feed_record rows), of watch `watch` or of every
  /// watch, newest first (store/outbox_feed.cpp).
  virtual Result<std::vector<Alert>> feed_matches(std::optional<std::string> watch, int limit) = 0;

  /// Every stored site health row (the network's, site "", included once stored), by site.
  virtual Result<std::vector<SiteHealth>> site_healths() = 0;
  /// In one write transaction: reads the stored health rows of `sites` (by key: the network's is ""), calls
  /// `decide` with them, writes the rows it returns and queues its operator alerts in the outbox (their ids in
  /// `queued`). Nothing is written on failure.
  virtual Result<HealthUpdate> update_health(const std::vector<std::string>& sites, const HealthFn& decide) = 0;

  // Shared mode (store/site_leases.cpp): several processes split the crawl work through leases.

  /// Records `me` as alive at me.last_seen (inserted or refreshed) and extends every unexpired lease of me.id
  /// to `lease_until`; forgets instances not seen for a day.
  virtual Result<void> heartbeat(const InstanceInfo& me, std::int64_t lease_until) = 0;
  /// Every instance recorded, oldest start first.
  virtual Result<std::vector<InstanceInfo>> instances() = 0;
  /// In one write transaction: grants `request.site` to request.owner when its stored next due time has come
  /// (unless ignore_due), no other unexpired lease holds its host and the host's free time has passed; else
  /// says why and when to ask again. Fails with Error{storage} (e.g. busy).
  virtual Result<LeaseAnswer> lease_site(const LeaseRequest& request) = 0;
  /// Ends one lease; inside in_transaction() with apply_crawl, the crawl and the release commit together.
  virtual Result<void> release_site_lease(const LeaseRelease& release) = 0;
  /// A stopping process: ends every lease of `owner` (the hosts free from `free_at`) and forgets the instance;
  /// returns how many leases it held.
  virtual Result<int> release_instance(std::string_view owner, std::int64_t free_at) = 0;
  /// Leases unexpired at `now`, by site.
  virtual Result<std::vector<SiteLease>> site_leases(std::int64_t now) = 0;
};

/// How the database file is opened.
enum class StoreAccess {
  create,     ///< the service: creates a missing file, migrates it
  read_only,  ///< status, items, match, alerts: never creates, migrates or writes
};

/// What opening a PostgreSQL store may need besides its URI.
struct StoreSecrets {
  std::string password_file;  ///< its first line is the password ("" : the URI's, PGPASSWORD or ~/.pgpass)
};

/// True when `database` names a PostgreSQL server (postgresql:// or postgres://) rather than a SQLite file.
bool is_postgres_uri(std::string_view database);

/// `database` fit for a log line or `status`: a password in a PostgreSQL URI is written ***.
std::string loggable_database(std::string_view database);

/// Opens the store `database` names: a PostgreSQL URI (PG* environment variables fill what it leaves out) or a
/// SQLite file path (open_sqlite_store). Either way the schema is migrated (create) or checked (read_only), and
/// an error names the database (never its password) and the server's or SQLite's message.
Result<std::unique_ptr<Store>> open_store(const std::string& database, StoreAccess access = StoreAccess::create,
                                          const StoreSecrets& secrets = {});

/// Opens the SQLite database at `path` (":memory:" works with create). Fails with ErrorKind::storage
/// naming the path and SQLite's message; read_only fails with no_database_message() when the file
/// is missing and asks for a service start when its schema is older than this binary's.
Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, StoreAccess access = StoreAccess::create);

/// "no database at PATH yet (the service creates it on its first crawl)".
std::string no_database_message(const std::string& path);

}  // namespace newswatch
