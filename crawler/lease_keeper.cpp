#include "crawler/lease_keeper.h"

#include <algorithm>

#include <unistd.h>

#include <array>
#include <random>

#include <fmt/format.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include "config/clock.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

std::string this_hostname() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "";
  return name.data();
}

}  // namespace

bool shared_mode(const ServiceConfig& service) {
  return service.shared || service.database.starts_with("postgres://") || service.database.starts_with("postgresql://");
}

std::string instance_token() {
  unsigned char bytes[8] = {};
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::random_device device;  // OpenSSL could not seed: the pid still separates live processes on one machine
    for (auto& b : bytes) b = static_cast<unsigned char>(device());
  }
  std::string token = "pid" + std::to_string(::getpid()) + "-";
  for (unsigned char b : bytes) token += fmt::format("{:02x}", b);
  return token;
}

std::string_view refusal_name(LeaseRefusal refusal) {
  switch (refusal) {
    case LeaseRefusal::none: return "";
    case LeaseRefusal::crawled_elsewhere: return "crawled_elsewhere";
    case LeaseRefusal::host_busy: return "host_busy";
    case LeaseRefusal::host_cooling: return "host_cooling";
  }
  return "";
}

std::chrono::seconds heartbeat_of(std::chrono::seconds lease) {
  return std::max(std::chrono::seconds(1), lease / 8);
}

LeaseKeeper::LeaseKeeper(boost::asio::io_context& io, StoreWorker& store, std::chrono::seconds lease)
    : m_store(store),
      m_me{instance_token(), this_hostname(), ::getpid(), unix_now(), unix_now(), NEWSWATCH_VERSION},
      m_lease(lease),
      m_heartbeat(heartbeat_of(lease)),
      m_timer(io) {}

void LeaseKeeper::start() {
  m_started = true;
  m_me.last_seen = unix_now();
  auto first = m_store.call(
      [me = m_me, lease = m_lease](Store& store) { return store.heartbeat(me, me.last_seen + lease.count()); });
  if (!first) spdlog::warn("instance not recorded id={}: {}", m_me.id, first.error().message);
  spdlog::info("shared mode: instance {} on {} takes sites by lease", m_me.id, m_me.hostname);
  m_timer.expires_after(m_heartbeat);
  m_timer.async_wait([this](boost::system::error_code ec) {
    if (!ec) beat();
  });
}

void LeaseKeeper::beat() {
  if (m_stopped) return;
  m_me.last_seen = unix_now();
  m_store.post([me = m_me, lease = m_lease](Store& store) { return store.heartbeat(me, me.last_seen + lease.count()); },
               m_alive.guard([this](Result<void> done) {
                 // A missed beat is not fatal: a lease lasts eight beats.
                 if (!done) spdlog::warn("heartbeat failed id={}: {}", m_me.id, done.error().message);
                 if (m_stopped) return;
                 m_timer.expires_after(m_heartbeat);
                 m_timer.async_wait([this](boost::system::error_code ec) {
                   if (!ec) beat();
                 });
               }));
}

void LeaseKeeper::acquire(const SiteConfig& site, bool ignore_due, std::function<void(const LeaseAnswer&)> done) {
  const std::int64_t now = unix_now();
  LeaseRequest request{site.name, url_host(site.url), m_me.id, now, now + m_lease.count(), ignore_due};
  m_store.post([request](Store& store) { return store.lease_site(request); },
               m_alive.guard([this, now, name = site.name, host = request.host,
                              done = std::move(done)](Result<LeaseAnswer> answer) {
                 if (!answer) {
                   spdlog::warn("lease failed site={}: {}", name, answer.error().message);
                   ++m_refusals["store_error"];
                   LeaseAnswer later;
                   later.refusal = LeaseRefusal::host_busy;
                   later.retry_at = now + m_heartbeat.count();
                   return done(later);
                 }
                 if (answer->granted) {
                   m_held.insert_or_assign(name, host);
                   m_waiting->kept.erase(host);
                 } else {
                   ++m_refusals[std::string(refusal_name(answer->refusal))];
                   if (answer->refusal == LeaseRefusal::host_busy && holds_host(host))
                     m_waiting->sites[host].push_back(name);
                   else if (m_waiting->kept.count(host))
                     wake_next(host);  // the woken site was crawled elsewhere meanwhile: the next one, or let go
                 }
                 spdlog::debug("lease site={} granted={} refusal={} retry_at={}", name, answer->granted,
                               refusal_name(answer->refusal), answer->retry_at);
                 done(*answer);
               }));
}

bool LeaseKeeper::holds_host(const std::string& host) const {
  return std::any_of(m_held.begin(), m_held.end(), [&](const auto& held) { return held.second == host; });
}

void LeaseKeeper::ended(const std::string& site) {
  auto held = m_held.find(site);
  if (held == m_held.end()) return;
  const std::string host = held->second;
  m_held.erase(held);
  if (m_waiting->sites.count(host)) wake_next(host);
}

void LeaseKeeper::wake_next(const std::string& host) {
  auto waiting = m_waiting->sites.find(host);
  if (waiting == m_waiting->sites.end() || m_stopped || !m_wake) {
    if (m_waiting->kept.erase(host) && !m_stopped) {  // kept for nobody now: free it for every process
      // Free only once the per-host delay after this process's last request has run, as a crawl's release does.
      const std::int64_t free_at = unix_now() + 1 + m_waiting->host_delay.count();
      m_store.post(
          [release = LeaseRelease{host, m_me.id, free_at}](Store& store) { return store.release_site_lease(release); },
          [](Result<void> done) {
            if (!done) spdlog::warn("lease release failed: {}", done.error().message);
          });
    }
    return;
  }
  const std::string next = waiting->second.front();
  waiting->second.pop_front();
  if (waiting->second.empty()) m_waiting->sites.erase(waiting);
  m_wake(next);
}

CrawlLease LeaseKeeper::crawl_lease(const SiteConfig& site, std::chrono::seconds host_delay) const {
  const std::string host = url_host(site.url);
  m_waiting->host_delay = host_delay;
  auto keep = [waiting = m_waiting, host, lease = m_lease]() -> std::int64_t {
    if (waiting->stopped || !waiting->sites.count(host)) return 0;
    waiting->kept.insert(host);
    return unix_now() + lease.count();
  };
  return CrawlLease{host, m_me.id, host_delay, keep};
}

void LeaseKeeper::give_back(const std::string& site) {
  auto held = m_held.find(site);
  if (held == m_held.end()) return;
  m_store.post([release = LeaseRelease{held->second, m_me.id, unix_now()}](
                   Store& store) { return store.release_site_lease(release); },
               [](Result<void> done) {
                 if (!done) spdlog::warn("lease release failed: {}", done.error().message);
               });
  m_held.erase(held);
}

void LeaseKeeper::stop(std::chrono::seconds host_delay) {
  if (m_stopped) return;
  m_stopped = true;
  m_waiting->stopped = true;
  m_timer.cancel();
  if (!m_started) return;  // `once`: never recorded, never leased
  // A plain store job: it runs before the store closes unless the store is stuck past its grace, and then
  // the leases simply expire. It logs on the store thread: `run` stops its loop right after stop().
  m_store.post(
      [id = m_me.id, free_at = unix_now() + 1 + host_delay.count()](Store& store) {
        auto released = store.release_instance(id, free_at);
        if (!released)
          spdlog::warn("leases not released id={} (they expire): {}", id, released.error().message);
        else
          spdlog::info("instance {} stopped: {} leases released", id, *released);
        return released;
      },
      [](Result<int>) {});
  m_held.clear();
}

}  // namespace newswatch
