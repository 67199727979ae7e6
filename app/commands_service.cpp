// The commands that run the event loop: run (the service), once, alerts retry.
// They send, so they load the config with its secrets read (a ConfigError,
// exit 78, names the unreadable one); alerts retry never creates a database.

#include <csignal>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/control_protocol.h"
#include "app/control_socket.h"
#include "app/health_endpoint.h"
#include "app/service.h"
#include "app/site_names.h"
#include "app/systemd_notify.h"
#include "config/clock.h"
#include "store/store.h"

namespace newswatch {

std::shared_ptr<const Config> load_sending_config(const std::filesystem::path& path) {
  Config config = load_config(path, stage_validators());
  resolve_secrets(config);
  record_matches_for_feeds(config);
  return std::make_shared<const Config>(std::move(config));
}

void record_matches_for_feeds(Config& config) {
  // Every watch's matches are recorded for the Atom feeds (store/outbox_feed.cpp), whatever it notifies.
  for (WatchConfig& watch : config.watches) watch.notify.emplace_back(k_feed_record);
}

namespace {

/// Builds the crawl context and the service; prints why not and returns nullptr.
std::unique_ptr<Service> make_service(boost::asio::io_context& io, std::shared_ptr<const Config> config) {
  auto context = make_crawl_context(std::move(config));
  if (!context) {
    std::cerr << "newswatch: " << context.error().message << "\n";
    return nullptr;
  }
  auto service = Service::create(io, std::move(*context));
  if (!service) {
    std::cerr << "newswatch: " << service.error().message << "\n";
    return nullptr;
  }
  return std::move(*service);
}

/// Re-reads the config on SIGHUP; a bad new config is logged and the old one kept.
void reload(Service& service, const std::filesystem::path& path) {
  try {
    auto config = load_sending_config(path);
    for (const ConfigDiagnostic& warning : config->warnings) spdlog::warn("config reload: {}", warning.to_string());
    auto context = make_crawl_context(std::move(config));
    if (!context) {
      spdlog::error("config reload rejected, keeping the old config: {}", context.error().message);
      return;
    }
    service.reload(std::move(*context));
  } catch (const ConfigError& e) {
    for (const auto& d : e.diagnostics()) spdlog::error("config reload rejected: {}", d.to_string());
    spdlog::error("config reload rejected, keeping the old config");
  }
}

/// Keeps systemd's STATUS= line current and, when the unit sets WatchdogSec, pets the watchdog.
void refresh_systemd(boost::asio::steady_timer& timer, std::chrono::microseconds every, bool watchdog,
                     Service& service) {
  if (watchdog) notify_watchdog();
  notify_status(service.status_line());
  timer.expires_after(every);
  timer.async_wait([&timer, every, watchdog, &service](boost::system::error_code ec) {
    if (!ec) refresh_systemd(timer, every, watchdog, service);
  });
}

/// Listens for `newswatch crawl` beside the database (or, on PostgreSQL, at the socket of this config); without
/// it the service still runs (and says so).
std::unique_ptr<ControlSocket> open_control_socket(boost::asio::io_context& io, const Config& config,
                                                   Service& service) {
  auto path = control_socket_path(config.service.database, config.path);
  if (!path) return nullptr;
  auto control =
      ControlSocket::listen(io, *path, [&service](const std::string& line) { return control_reply(service, line); });
  if (!control) {
    spdlog::warn("control socket unavailable, `newswatch crawl` cannot reach this service: {}",
                 control.error().message);
    return nullptr;
  }
  spdlog::info("control socket listening on {} (newswatch crawl)", path->string());
  return std::move(*control);
}

}  // namespace

int cmd_run(const std::filesystem::path& path) {
  auto config = load_sending_config(path);
  for (const ConfigDiagnostic& warning : config->warnings) spdlog::warn("config: {}", warning.to_string());
  boost::asio::io_context io(1);
  auto service = make_service(io, config);
  if (!service) return k_exit_failure;

  boost::asio::signal_set stop_signals(io, SIGTERM, SIGINT);
  boost::asio::signal_set reload_signal(io, SIGHUP);
  stop_signals.async_wait([&](boost::system::error_code ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: stopping", signal);
    notify_stopping();
    service->stop();
    reload_signal.cancel();
    io.stop();  // work still queued on the store thread completes when the service is destroyed
  });
  std::function<void()> wait_reload = [&] {
    reload_signal.async_wait([&](boost::system::error_code ec, int) {
      if (ec) return;
      spdlog::info("SIGHUP received: reloading {}", path.string());
      reload(*service, path);
      wait_reload();
    });
  };
  wait_reload();

  boost::asio::steady_timer systemd_timer(io);
  std::unique_ptr<SmallHttpServer> endpoint;
  if (!config->service.listen.empty()) {
    auto started = start_health_endpoint(io, config->service.listen, *service);
    if (!started) {
      std::cerr << "newswatch: " << started.error().message << "\n";
      return k_exit_failure;
    }
    endpoint = std::move(*started);
    spdlog::info("health endpoint listening on {} (/healthz, /readyz, /metrics, /feeds/WATCH.atom)",
                 config->service.listen);
  }
  service->start();
  std::unique_ptr<ControlSocket> control = open_control_socket(io, *config, *service);
  spdlog::info("newswatch {} running: {} sites, database {}", NEWSWATCH_VERSION, config->sites.size(),
               loggable_database(config->service.database));
  notify_ready(service->status_line());
  auto watchdog_every = watchdog_interval();
  refresh_systemd(systemd_timer, watchdog_every.value_or(std::chrono::seconds(30)), watchdog_every.has_value(),
                  *service);
  io.run();
  control.reset();  // removes the socket file: `newswatch crawl` now says no service runs
  endpoint.reset();
  service.reset();  // joins the parse and store threads, closes the database
  spdlog::info("stopped");
  return k_exit_ok;
}

int cmd_once(const std::filesystem::path& path, const std::vector<std::string>& sites) {
  auto config = load_sending_config(path);
  if (auto unknown = unknown_site_error("once", sites, *config)) {
    std::cerr << *unknown << "\n";
    return k_exit_usage;
  }
  boost::asio::io_context io(1);
  auto service = make_service(io, config);
  if (!service) return k_exit_failure;
  bool finished = false;
  bool all_ok = true;
  service->crawl_once(sites, [&](std::vector<SiteReport> reports) {
    for (const SiteReport& report : reports) {
      std::cout << report.summary << "\n";
      all_ok = all_ok && report.ok;
    }
    finished = true;
    service->stop();
    io.stop();
  });
  io.run();
  if (!finished) {  // the loop ran dry before every site reported: never claim success for that
    std::cerr << "newswatch once: stopped before every site had reported\n";
    return k_exit_failure;
  }
  auto counts = service->store().call([](Store& store) { return store.outbox_counts(); });
  if (counts)
    std::cout << fmt::format("outbox: {} pending, {} sent, {} failed\n", counts->pending, counts->sent, counts->failed);
  service.reset();
  return all_ok ? k_exit_ok : k_exit_failure;
}

namespace {

std::string outbox_line(const OutboxCounts& counts) {
  std::string line = fmt::format("outbox: {} pending, {} sent, {} failed", counts.pending, counts.sent, counts.failed);
  if (counts.held > 0) line += fmt::format(", {} held", counts.held);
  return line;
}

/// Runs the dispatcher on `io` until the chosen rows have had their attempt.
void deliver_now(Service& service, boost::asio::io_context& io, std::optional<std::int64_t> id) {
  service.deliver_due(id, [&] {
    service.stop();
    io.stop();
  });
  io.run();
}

/// `alerts retry ID [--notifier NAME]`: that row alone, and an honest account of what became of it.
int retry_one(Service& service, boost::asio::io_context& io, const Config& config, std::int64_t id,
              const std::optional<std::string>& notifier) {
  const std::string who = fmt::format("alert #{}", id);
  auto before = service.store().call([&](Store& store) { return store.alert(id); });
  if (!before || !*before) {
    std::cerr << "newswatch alerts retry: " << (before ? "no " + who : before.error().message) << "\n";
    return k_exit_failure;
  }
  if ((*before)->state == AlertState::sent) {
    std::cout << who << " was already delivered (delivery " << (*before)->delivery_id << ")\n";
    return k_exit_ok;
  }
  const std::string target = notifier.value_or((*before)->notifier);
  if (!config.find_notifier(target)) {
    std::cerr << "newswatch alerts retry: " << who << " is held: notifier '" << target
              << "' is not configured; add it back or choose one with --notifier NAME\n";
    return notifier ? k_exit_usage : k_exit_failure;
  }
  if (notifier) {
    auto moved = service.store().call([&](Store& store) { return store.retarget(id, *notifier); });
    if (!moved) {
      std::cerr << "newswatch alerts retry: " << moved.error().message << "\n";
      return k_exit_failure;
    }
  }
  auto made_due = service.store().call([&](Store& store) { return store.retry_now(id, unix_now()); });
  if (!made_due) {
    std::cerr << "newswatch alerts retry: " << made_due.error().message << "\n";
    return k_exit_failure;
  }
  deliver_now(service, io, id);
  auto after = service.store().call([&](Store& store) { return store.alert(id); });
  if (!after || !*after) {
    std::cerr << "newswatch alerts retry: " << (after ? who + " is gone" : after.error().message) << "\n";
    return k_exit_failure;
  }
  const Alert& alert = **after;
  if (alert.state == AlertState::sent) {
    std::cout << who << " delivered to " << alert.notifier << " (delivery " << alert.delivery_id << ")\n";
    return k_exit_ok;
  }
  if (alert.state == AlertState::held)
    std::cerr << "newswatch alerts retry: " << who << " is held: " << alert.held_reason << "\n";
  else if (alert.state == AlertState::pending && alert.attempts == 0)  // retry_now reset it and nobody here tried
    std::cerr << "newswatch alerts retry: " << who << " is being sent by another process; see `newswatch alerts`\n";
  else
    std::cerr << "newswatch alerts retry: " << who << " failed again: " << alert.last_error << "\n";
  return k_exit_failure;
}

}  // namespace

int cmd_alerts_retry(const std::filesystem::path& path, std::optional<std::int64_t> id,
                     const std::optional<std::string>& notifier) {
  auto config = load_sending_config(path);
  std::error_code ignored;
  // Replaying needs the service's outbox: a missing SQLite file is not created here (a server is asked instead).
  if (!is_postgres_uri(config->service.database) && !std::filesystem::exists(config->service.database, ignored)) {
    std::cerr << "newswatch alerts retry: " << no_database_message(config->service.database) << "\n";
    return k_exit_failure;
  }
  boost::asio::io_context io(1);
  auto service = make_service(io, config);
  if (!service) return k_exit_failure;
  if (id) return retry_one(*service, io, *config, *id, notifier);
  auto count = service->store().call([&](Store& store) { return store.retry_now(std::nullopt, unix_now()); });
  if (!count) {
    std::cerr << "newswatch alerts retry: " << count.error().message << "\n";
    return k_exit_failure;
  }
  if (*count == 0) {
    std::cerr << "newswatch alerts retry: no pending or failed alerts\n";
    return k_exit_ok;
  }
  deliver_now(*service, io, std::nullopt);
  auto counts = service->store().call([](Store& store) { return store.outbox_counts(); });
  if (counts) std::cout << fmt::format("retried {}; {}\n", *count, outbox_line(*counts));
  // Success means the chosen rows went out; a replay that failed again is exit 1, so scripts notice.
  bool delivered = counts && counts->pending == 0 && counts->failed == 0 && counts->held == 0;
  service.reset();
  return delivered ? k_exit_ok : k_exit_failure;
}

}  // namespace newswatch
