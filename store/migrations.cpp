// Schema migrations. The database's PRAGMA user_version is the number of steps
// of k_steps already applied; opening applies the rest in order, each step and
// its user_version bump in one transaction, so a crash between steps leaves a
// database at a known version. Steps are append-only: never edit a released
// step, add a new one. A database whose version is above k_steps.size() was
// written by a newer binary and is refused rather than misread.

#include "store/migrations.h"
#include "store/sqlite.h"

#include "store/stories.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

namespace newswatch::sqlite {
namespace {

// Characters the alert Matcher (alerts/normalize.cpp) treats as word separators
// although Unicode calls them letters or numbers, so FTS5's unicode61 would
// glue them to a word: modifier letters such as ʼ in "Russiaʼs", superscripts,
// letterlike symbols, roman numerals, circled numbers. Step 4 makes them FTS
// separators too, so every token the Matcher sees is also an FTS token.
#define NEWSWATCH_FTS_SEPARATORS                                                                                                                                             \
  "²³¹¼½¾ʹʺʻʼʽʾʿˀˁˆˇˈˉˊˋˌˍˎˏːˑℂℇℊℋℌℍℎℏℐℑℒℓℕℙℚℛℜℝℤΩℨKÅℬℭℯℰℱℲ"                            \
  "ℳℴℵℶℷℸℹℼℽℾℿⅅⅆⅇⅈⅉⅎ⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞⅟ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫⅬⅭⅮⅯⅰⅱⅲⅳⅴⅵⅶ" \
  "ⅷⅸⅹⅺⅻⅼⅽⅾⅿↀↁↂↃↄↅↆↇↈ↉①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄" \
  "⒅⒆⒇⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛⓪⓫⓬⓭⓮⓯⓰⓱⓲⓳⓴⓵⓶⓷⓸⓹⓺⓻⓼⓽⓾⓿❶❷❸❹❺❻❼❽❾❿➀" \
  "➁➂➃➄➅➆➇➈➉➊➋➌➍➎➏➐➑➒➓ⸯ〡〢〣〤〥〦〧〨〩〱〲〳〴〵〸〹〺〻〼🄀🄁🄂🄃🄄🄅🄆🄇🄈🄉🄊"        \
  "🄋"                                                                                                                                                                     \
  "🄌"

constexpr std::array<const char*, 12> k_steps = {
    // 1: the initial schema.
    R"sql(
CREATE TABLE sites (
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL DEFAULT '',
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  body_hash TEXT NOT NULL DEFAULT '',
  last_status INTEGER NOT NULL DEFAULT 0,
  consecutive_failures INTEGER NOT NULL DEFAULT 0 CHECK (consecutive_failures >= 0),
  last_crawl_at INTEGER,
  last_success_at INTEGER,
  next_due_at INTEGER,
  items_found INTEGER NOT NULL DEFAULT 0,
  items_new INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  health TEXT NOT NULL DEFAULT '',
  baseline_done INTEGER NOT NULL DEFAULT 0 CHECK (baseline_done IN (0, 1))
);
CREATE TABLE stories (
  id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE CHECK (url <> ''),
  site TEXT NOT NULL REFERENCES sites(name),
  title TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  authors TEXT NOT NULL DEFAULT '[]',
  published TEXT,
  tags TEXT NOT NULL DEFAULT '[]',
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  story_id TEXT REFERENCES stories(id),
  tokens TEXT NOT NULL DEFAULT ''
);
CREATE INDEX items_by_first_seen ON items(first_seen DESC, id DESC);
CREATE INDEX items_by_site ON items(site, first_seen);
CREATE INDEX items_by_story ON items(story_id);
CREATE TABLE item_revisions (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  authors TEXT NOT NULL,
  published TEXT,
  replaced_at INTEGER NOT NULL
);
CREATE INDEX item_revisions_by_item ON item_revisions(item_id);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  watch TEXT NOT NULL,
  notifier TEXT NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  story_id TEXT REFERENCES stories(id),
  matched TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  UNIQUE (watch, notifier, item_id)
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at, id);
CREATE INDEX outbox_by_story ON outbox(story_id, watch, notifier);
)sql",
    // 2: an item's link apart from its identity. items.url stays the key (the canonical https
    // form, as before); link is the URL the page gave, NULL for items stored before this step
    // until a crawl sees them again (until then the key, the best link known, is shown).
    R"sql(
ALTER TABLE items ADD COLUMN link TEXT CHECK (link IS NULL OR link <> '');
)sql",
    // 3: delivery exactly once. A random delivery id per row (existing rows get a version-4 UUID from SQLite's
    // randomness, new ones from store/outbox_claim.cpp), leases so several processes never send one row
    // twice, and held rows (a notifier that is not configured) that wait instead of failing.
    R"sql(
ALTER TABLE outbox ADD COLUMN delivery_id TEXT;
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
ALTER TABLE outbox ADD COLUMN lease_until INTEGER;
ALTER TABLE outbox ADD COLUMN held_reason TEXT NOT NULL DEFAULT '';
UPDATE outbox SET delivery_id = lower(
  hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))
WHERE delivery_id IS NULL;
CREATE UNIQUE INDEX outbox_by_delivery_id ON outbox(delivery_id);
)sql",
    // 4: the baseline is per URL (a site whose url changes starts a new baseline), and
    // items_fts, an external-content full-text index of item titles and summaries kept
    // in sync by triggers, for `match` and `items --match` over every stored item.
    R"sql(
ALTER TABLE sites ADD COLUMN baseline_url TEXT NOT NULL DEFAULT '';
UPDATE sites SET baseline_url = url WHERE baseline_done = 1;
CREATE VIRTUAL TABLE items_fts USING fts5(title, summary, content = 'items', content_rowid = 'id',
  tokenize = "unicode61 remove_diacritics 2 separators ')sql" NEWSWATCH_FTS_SEPARATORS R"sql('");
CREATE TRIGGER items_fts_after_insert AFTER INSERT ON items BEGIN
  INSERT INTO items_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
CREATE TRIGGER items_fts_after_delete AFTER DELETE ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
END;
CREATE TRIGGER items_fts_after_update AFTER UPDATE OF title, summary ON items BEGIN
  INSERT INTO items_fts(items_fts, rowid, title, summary) VALUES ('delete', old.id, old.title, old.summary);
  INSERT INTO items_fts(rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
INSERT INTO items_fts(items_fts) VALUES ('rebuild');
CREATE INDEX outbox_by_item ON outbox(item_id);
CREATE INDEX item_revisions_by_replaced_at ON item_revisions(replaced_at);
CREATE INDEX items_by_last_seen ON items(last_seen);
)sql",
    // 5: a flood of matches from one crawl is one summary alert (store/alert_flood.cpp); `also` holds
    // the other matches as {"count": N, "items": [{"title", "url"}, ...]}, '' for an ordinary alert.
    R"sql(
ALTER TABLE outbox ADD COLUMN also TEXT NOT NULL DEFAULT '';
)sql",
    // 6: one item that several watches matched for one notifier in one crawl is one alert naming them all
    // (store/alert_flood.cpp): `watch` is the first, `also_watches` a JSON array of the others ('[]' mostly).
    R"sql(
ALTER TABLE outbox ADD COLUMN also_watches TEXT NOT NULL DEFAULT '[]';
)sql",
    // 7: site health (store/site_health.cpp): a row per site (and '' for the network) with its rolling
    // baseline as JSON; and operator alerts in the outbox, rows that name no item but carry a HealthEvent
    // as JSON in `event`. item_id becomes nullable, which SQLite allows only by rebuilding the table.
    // (IF NOT EXISTS: tests that wind a database back to an older version by hand leave the table.)
    R"sql(
CREATE TABLE IF NOT EXISTS site_health (
  site TEXT PRIMARY KEY,
  baseline TEXT NOT NULL DEFAULT '{}',
  degraded INTEGER NOT NULL DEFAULT 0 CHECK (degraded IN (0, 1)),
  degraded_reason TEXT NOT NULL DEFAULT '',
  degraded_since INTEGER,
  normal_streak INTEGER NOT NULL DEFAULT 0,
  failing_since INTEGER,
  failing INTEGER NOT NULL DEFAULT 0 CHECK (failing IN (0, 1)),
  failing_announced INTEGER NOT NULL DEFAULT 0 CHECK (failing_announced IN (0, 1)),
  no_answer INTEGER NOT NULL DEFAULT 0 CHECK (no_answer IN (0, 1)),
  last_error TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE outbox_v7 (
  id INTEGER PRIMARY KEY,
  watch TEXT NOT NULL,
  notifier TEXT NOT NULL,
  item_id INTEGER REFERENCES items(id),
  story_id TEXT REFERENCES stories(id),
  matched TEXT NOT NULL DEFAULT '[]',
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  sent_at INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  delivery_id TEXT,
  lease_owner TEXT,
  lease_until INTEGER,
  held_reason TEXT NOT NULL DEFAULT '',
  also TEXT NOT NULL DEFAULT '',
  also_watches TEXT NOT NULL DEFAULT '[]',
  event TEXT NOT NULL DEFAULT '',
  CHECK ((item_id IS NULL) = (event <> '')),
  UNIQUE (watch, notifier, item_id)
);
INSERT INTO outbox_v7(id, watch, notifier, item_id, story_id, matched, state, attempts, created_at, next_attempt_at,
  sent_at, last_error, delivery_id, lease_owner, lease_until, held_reason, also, also_watches)
SELECT id, watch, notifier, item_id, story_id, matched, state, attempts, created_at, next_attempt_at,
  sent_at, last_error, delivery_id, lease_owner, lease_until, held_reason, also, also_watches FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_v7 RENAME TO outbox;
CREATE INDEX outbox_due ON outbox(state, next_attempt_at, id);
CREATE INDEX outbox_by_story ON outbox(story_id, watch, notifier);
CREATE UNIQUE INDEX outbox_by_delivery_id ON outbox(delivery_id);
CREATE INDEX outbox_by_item ON outbox(item_id);
)sql",
    // 8: article text (fetch_articles, store/item_body.h). items.body is the main text, NULL when none was
    // fetched, zlib-compressed when body_zlib = 1; items_body_fts indexes it with the tokenizer of items_fts,
    // contentless since FTS5 cannot read a compressed column back. outbox.body_unavailable: the article was to
    // be fetched but could not be, so the alert went out on title and summary.
    R"sql(
ALTER TABLE items ADD COLUMN body BLOB;
ALTER TABLE items ADD COLUMN body_zlib INTEGER NOT NULL DEFAULT 0 CHECK (body_zlib IN (0, 1));
CREATE VIRTUAL TABLE items_body_fts USING fts5(body, content = '',
  tokenize = "unicode61 remove_diacritics 2 separators ')sql" NEWSWATCH_FTS_SEPARATORS R"sql('");
ALTER TABLE outbox ADD COLUMN body_unavailable INTEGER NOT NULL DEFAULT 0 CHECK (body_unavailable IN (0, 1));
)sql",
    // 9: story assignment by an index, not a scan of the window (store/story_index.cpp). story_items holds the
    // items of the story window (their token hashes, 8 bytes each, little-endian, sorted), story_postings one row
    // per (token, item) with the item's token count, story_tokens each token's number of postings (step 12 keeps
    // story_items only, whose fill_index adds the stored items of the window before the newest item: older items
    // are never candidates). outbox_by_notifier lets the feeds
    // (notifier '@feed', store/outbox_feed.cpp) walk their rows newest first without scanning the outbox;
    // items_by_story gains the site, so a story's sources are read from the index, sorted and distinct.
    // (IF [NOT] EXISTS: tests that wind a database back to an older version by hand leave these.)
    R"sql(
CREATE TABLE IF NOT EXISTS story_items (
  item_id INTEGER PRIMARY KEY,
  first_seen INTEGER NOT NULL,
  hashes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS story_items_by_first_seen ON story_items(first_seen);
CREATE TABLE IF NOT EXISTS story_postings (
  token INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  item_id INTEGER NOT NULL,
  size INTEGER NOT NULL,
  PRIMARY KEY (token, first_seen, item_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_tokens (
  token INTEGER PRIMARY KEY,
  postings INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_by_notifier ON outbox(notifier);
DROP INDEX IF EXISTS items_by_story;
CREATE INDEX items_by_story ON items(story_id, site);
)sql",
    // 10: several processes sharing the database (store/site_leases.cpp). `instances` is each `newswatch run`
    // in shared mode and its last heartbeat; `host_leases` one row per host: the process crawling one of its
    // sites now (owner '' when none) until lease_until, and free_at, when the host's per-host delay after its
    // last crawl ends, so politeness holds across processes. Portable SQL (BIGINT, TEXT, no SQLite-only
    // syntax): PostgreSQL's schema list takes the same step. (IF NOT EXISTS: tests that wind a database back to an
    // older version by hand leave these.)
    R"sql(
CREATE TABLE IF NOT EXISTS instances (
  id TEXT PRIMARY KEY,
  hostname TEXT NOT NULL DEFAULT '',
  pid BIGINT NOT NULL DEFAULT 0,
  started_at BIGINT NOT NULL,
  last_seen BIGINT NOT NULL,
  version TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS host_leases (
  host TEXT PRIMARY KEY,
  owner TEXT NOT NULL DEFAULT '',
  site TEXT NOT NULL DEFAULT '',
  lease_until BIGINT NOT NULL DEFAULT 0,
  free_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS host_leases_by_owner ON host_leases(owner);
)sql",
    // 11: a token's story postings packed into blocks of 64, one row per block instead of one per posting;
    // story_blocks replaced story_postings (step 12 replaced both by postings held in memory).
    R"sql(
DROP TABLE IF EXISTS story_postings;
DELETE FROM story_items;
DELETE FROM story_tokens;
DROP TABLE IF EXISTS story_blocks;
CREATE TABLE story_blocks (
  token INTEGER NOT NULL,
  block INTEGER NOT NULL,
  newest INTEGER NOT NULL,
  postings BLOB NOT NULL,
  PRIMARY KEY (token, block)
) WITHOUT ROWID;
)sql",
    // 12: the story postings are held in memory and caught up from story_items (store/story_postings.cpp),
    // whose `seq` numbers rows in the order they were written (AUTOINCREMENT: a number is not given out again
    // once its row is committed, so a reader that has seen row n reads on from n + 1); step 9's and 11's
    // posting tables go. fill_index indexes the window again.
    R"sql(
DROP TABLE IF EXISTS story_blocks;
DROP TABLE IF EXISTS story_tokens;
DROP TABLE IF EXISTS story_postings;
DROP TABLE IF EXISTS story_items;
CREATE TABLE story_items (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  item_id INTEGER NOT NULL UNIQUE,
  first_seen INTEGER NOT NULL,
  hashes BLOB NOT NULL
);
CREATE INDEX story_items_by_first_seen ON story_items(first_seen);
)sql",
};

/// Steps whose data is filled by code after their SQL, in the same transaction: (step number, fill).
constexpr std::array<std::pair<int, void (*)(sql::Connection&)>, 1> k_fills = {{{12, &stories::fill_index}}};

#undef NEWSWATCH_FTS_SEPARATORS

}  // namespace

int stored_version(sql::Connection& db) {
  return std::stoi(db.scalar("PRAGMA user_version"));
}

int schema_version() noexcept {
  return static_cast<int>(k_steps.size());
}

void migrate(sql::Connection& db, int target) {
  int version = stored_version(db);
  if (version > schema_version()) {
    throw SqlError("database schema version " + std::to_string(version) + " is newer than this binary supports (" +
                   std::to_string(schema_version()) + "); upgrade newswatch or use another database file");
  }
  for (; version < std::min(target, schema_version()); ++version) {
    Transaction tx(db);
    // Re-read inside the write lock: another process may have migrated meanwhile.
    if (stored_version(db) > version) continue;
    db.exec(k_steps[static_cast<std::size_t>(version)]);
    for (const auto& [step, fill] : k_fills)
      if (step == version + 1) fill(db);
    db.exec("PRAGMA user_version = " + std::to_string(version + 1));
    tx.commit();
  }
}

}  // namespace newswatch::sqlite
