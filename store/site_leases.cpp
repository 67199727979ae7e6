// Shared mode: several `newswatch run` processes on one database split the crawl work through leases.
//
// A process asks for a due site's lease before crawling it (lease_site). The lease is the row of the
// site's host in host_leases, so at most one site per host is crawled at a time across every process and
// per-host politeness holds between them: the releasing process sets free_at (its end plus the host's
// delay), and nobody is granted the host before then. A grant also needs the site's stored next due time
// to have come: when another process crawled the site meanwhile, its apply_crawl moved next_due_at on,
// and the asker is told to come back then.
//
// The decision is one write transaction. The host row is made to exist first when it does not (INSERT ...
// ON CONFLICT DO NOTHING, after a read that never waits), then read locked: under SQLite BEGIN IMMEDIATE
// already serialises every asker; PostgreSQL reads it with FOR UPDATE SKIP LOCKED, and an asker that finds
// it locked by another is told the host is busy rather than waiting. These transactions do not take the
// writers' turn (sql::Turn::skip): the row lock orders them, and an asker never waits behind another
// process's crawl. The site's fetch state is read after the host row is held, so under PostgreSQL's READ
// COMMITTED it sees the crawl whose release freed the row.
//
// The crawl's release happens in the crawl's own transaction (the crawler runs apply_crawl and
// release_site_lease inside in_transaction), so no process ever sees a crawled site's host free while its
// next due time is still the old one. A lease expires at lease_until (longer than a crawl's worst case);
// a live process's heartbeat extends its leases, so only a dead process's expire, and then anyone takes
// the host. A stopping process releases all of its leases at once (release_instance).

#include <algorithm>

#include "store/sql_store.h"

namespace newswatch {
namespace {

// A host held by another lease is asked about again this soon, not at its lease's end (minutes away): the
// holder usually finishes within a second or two, and then sets free_at, which the next answer gives.
constexpr std::int64_t k_busy_poll_seconds = 1;
// Instances not seen for this long are forgotten (a crashed process's row, kept meanwhile to show as stale).
constexpr std::int64_t k_forget_instance_after = 86400;

/// PostgreSQL locks the host row for the asker's transaction and skips it when another asker holds it;
/// SQLite's BEGIN IMMEDIATE already made this transaction the only writer.
const char* lock_host_row(const sql::Connection& db) {
  return db.dialect() == sql::Dialect::postgres ? " FOR UPDATE SKIP LOCKED" : "";
}

constexpr const char* k_release_lease_sql =
    "UPDATE host_leases SET owner = '', site = '', lease_until = 0, "
    "free_at = CASE WHEN free_at > ?3 THEN free_at ELSE ?3 END WHERE host = ?1 AND owner = ?2";

InstanceInfo instance_from_row(const sql::Query& q) {
  return InstanceInfo{q.text(0), q.text(1), q.int64(2), q.int64(3), q.int64(4), q.text(5)};
}

LeaseAnswer refused(LeaseRefusal why, std::int64_t retry_at, FetchState state) {
  return LeaseAnswer{false, why, retry_at, std::move(state)};
}

}  // namespace

Result<void> SqlStore::heartbeat(const InstanceInfo& me, std::int64_t lease_until) {
  return guarded("heartbeat of instance " + me.id, [&]() -> Result<void> {
    sql::Transaction tx(m_db, sql::Turn::skip);
    auto upsert = m_db.query(
        "INSERT INTO instances(id, hostname, pid, started_at, last_seen, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen");
    upsert.bind(1, me.id).bind(2, me.hostname).bind(3, me.pid).bind(4, me.started_at).bind(5, me.last_seen);
    upsert.bind(6, me.version).run();
    m_db.query("UPDATE host_leases SET lease_until = ?3 WHERE owner = ?1 AND lease_until >= ?2")
        .bind(1, me.id)
        .bind(2, me.last_seen)
        .bind(3, lease_until)
        .run();
    m_db.query("DELETE FROM instances WHERE last_seen < ?1").bind(1, me.last_seen - k_forget_instance_after).run();
    tx.commit();
    return {};
  });
}

Result<std::vector<InstanceInfo>> SqlStore::instances() {
  return guarded("instances", [&]() -> Result<std::vector<InstanceInfo>> {
    std::vector<InstanceInfo> out;
    auto q = m_db.query("SELECT id, hostname, pid, started_at, last_seen, version FROM instances");
    while (q.step()) out.push_back(instance_from_row(q));
    // Sorted here: the table has a row per process, and an ORDER BY would only add a temporary B-tree.
    std::sort(out.begin(), out.end(), [](const InstanceInfo& a, const InstanceInfo& b) {
      return std::tie(a.started_at, a.id) < std::tie(b.started_at, b.id);
    });
    return out;
  });
}

Result<LeaseAnswer> SqlStore::lease_site(const LeaseRequest& r) {
  return guarded("lease of site " + r.site, [&]() -> Result<LeaseAnswer> {
    sql::Transaction tx(m_db, sql::Turn::skip);
    // The row is made to exist only when it does not: on PostgreSQL an INSERT ... ON CONFLICT on a row that another
    // transaction has changed waits for that transaction, and a crawl releasing this host's lease is one, in a
    // batch that may take seconds. A plain read never waits; the row lock below decides.
    if (!m_db.query("SELECT 1 FROM host_leases WHERE host = ?1").bind(1, r.host).step())
      m_db.query("INSERT INTO host_leases(host) VALUES (?1) ON CONFLICT (host) DO NOTHING").bind(1, r.host).run();
    std::string owner, site;
    std::int64_t lease_until = 0, free_at = 0;
    bool locked = true;
    {
      auto q = m_db.query(std::string("SELECT owner, site, lease_until, free_at FROM host_leases WHERE host = ?1") +
                          lock_host_row(m_db));
      q.bind(1, r.host);
      if (q.step()) {
        owner = q.text(0);
        site = q.text(1);
        lease_until = q.int64(2);
        free_at = q.int64(3);
      } else {
        locked = false;  // PostgreSQL: another asker holds the row right now
      }
    }
    FetchState state = read_fetch_state(r.site).value_or(FetchState{});
    state.site = r.site;
    // The asker's own lease is no obstacle when it is on this site, or kept for its next site (site '').
    const bool mine = owner == r.owner && (site == r.site || site.empty());
    const bool held = !locked || (!owner.empty() && lease_until >= r.now && !mine);
    LeaseAnswer answer;
    if (!r.ignore_due && state.next_due_at && *state.next_due_at > r.now)
      answer = refused(LeaseRefusal::crawled_elsewhere, *state.next_due_at, std::move(state));
    else if (held)
      answer = refused(LeaseRefusal::host_busy, std::max(r.now + 1, std::min(lease_until, r.now + k_busy_poll_seconds)),
                       std::move(state));
    else if (free_at > r.now)
      answer = refused(LeaseRefusal::host_cooling, free_at, std::move(state));
    if (answer.refusal != LeaseRefusal::none) {
      tx.commit();  // the row made to exist stays: the next asker finds it
      return answer;
    }
    auto grant = m_db.query("UPDATE host_leases SET owner = ?2, site = ?3, lease_until = ?4 WHERE host = ?1");
    grant.bind(1, r.host).bind(2, r.owner).bind(3, r.site).bind(4, r.lease_until).run();
    tx.commit();
    answer.granted = true;
    answer.state = std::move(state);
    return answer;
  });
}

Result<void> SqlStore::release_site_lease(const LeaseRelease& release) {
  return guarded("release of the lease on host " + release.host, [&]() -> Result<void> {
    sql::Transaction tx(m_db, sql::Turn::skip);
    if (release.keep_until > 0)
      m_db.query("UPDATE host_leases SET site = '', lease_until = ?3 WHERE host = ?1 AND owner = ?2")
          .bind(1, release.host)
          .bind(2, release.owner)
          .bind(3, release.keep_until)
          .run();
    else
      m_db.query(k_release_lease_sql).bind(1, release.host).bind(2, release.owner).bind(3, release.free_at).run();
    tx.commit();
    return {};
  });
}

Result<int> SqlStore::release_instance(std::string_view owner, std::int64_t free_at) {
  return guarded("release of instance " + std::string(owner), [&]() -> Result<int> {
    sql::Transaction tx(m_db, sql::Turn::skip);
    auto q = m_db.query(
        "UPDATE host_leases SET owner = '', site = '', lease_until = 0, "
        "free_at = CASE WHEN free_at > ?2 THEN free_at ELSE ?2 END WHERE owner = ?1");
    q.bind(1, owner).bind(2, free_at).run();
    const int released = m_db.changes();
    m_db.query("DELETE FROM instances WHERE id = ?1").bind(1, owner).run();
    tx.commit();
    return released;
  });
}

Result<std::vector<SiteLease>> SqlStore::site_leases(std::int64_t now) {
  return guarded("site leases", [&]() -> Result<std::vector<SiteLease>> {
    std::vector<SiteLease> out;
    auto q =
        m_db.query("SELECT host, site, owner, lease_until FROM host_leases WHERE owner <> '' AND lease_until >= ?1");
    q.bind(1, now);
    while (q.step()) out.push_back(SiteLease{q.text(0), q.text(1), q.text(2), q.int64(3)});
    std::sort(out.begin(), out.end(), [](const SiteLease& a, const SiteLease& b) { return a.site < b.site; });
    return out;
  });
}

}  // namespace newswatch
