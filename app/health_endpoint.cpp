#include "app/health_endpoint.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/atom_feed_source.h"
#include "app/service.h"
#include "config/clock.h"

namespace newswatch {
namespace {

constexpr const char* k_not_found = "not found: try /healthz, /readyz, /metrics, /feeds/WATCH.atom, /feeds/all.atom\n";

/// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string label_value(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

/// The outbox gauges (the dispatcher's snapshot, once it has one) and the delivery counters.
std::string outbox_metrics(const Dispatcher& dispatcher) {
  std::string out;
  if (const auto& outbox = dispatcher.outbox_snapshot()) {
    out +=
        "# HELP newswatch_outbox_alerts Alerts in the outbox by state, as of the dispatcher's last round.\n"
        "# TYPE newswatch_outbox_alerts gauge\n";
    const std::pair<const char*, int> states[] = {
        {"pending", outbox->pending}, {"held", outbox->held}, {"sent", outbox->sent}, {"failed", outbox->failed}};
    for (const auto& [state, count] : states)
      out += fmt::format("newswatch_outbox_alerts{{state=\"{}\"}} {}\n", state, count);
  }
  out +=
      "# HELP newswatch_deliveries_total Attempts to deliver an alert, by notifier and outcome.\n"
      "# TYPE newswatch_deliveries_total counter\n";
  for (const auto& [notifier, counts] : dispatcher.deliveries()) {
    const std::pair<const char*, long long> outcomes[] = {
        {"delivered", counts.delivered}, {"failed", counts.failed}, {"retry", counts.retry}};
    for (const auto& [outcome, count] : outcomes)
      out += fmt::format("newswatch_deliveries_total{{notifier=\"{}\",outcome=\"{}\"}} {}\n", label_value(notifier),
                         outcome, count);
  }
  return out;
}

/// One gauge per configured site and state (1 for the site's state, 0 for the others), and the network's.
std::string health_metrics(const Service& service) {
  const auto& states = service.health().states();
  std::string out =
      "# HELP newswatch_site_health A site's health: healthy, degraded (its pages stopped yielding what they did) "
      "or failing (fetches fail past failing_after); 1 for the current state.\n"
      "# TYPE newswatch_site_health gauge\n";
  for (const SiteConfig& site : service.config().sites) {
    auto found = states.find(site.name);
    const std::string state = found == states.end() ? "healthy" : found->second;
    for (const char* each : {"healthy", "degraded", "failing"})
      out += fmt::format("newswatch_site_health{{site=\"{}\",state=\"{}\"}} {}\n", label_value(site.name), each,
                         state == each ? 1 : 0);
  }
  auto network = states.find("");
  out += fmt::format(
      "# HELP newswatch_network_down 1 while every site fails without an HTTP answer.\n"
      "# TYPE newswatch_network_down gauge\nnewswatch_network_down {}\n",
      network != states.end() && network->second == "down" ? 1 : 0);
  return out;
}

/// The value of header `name` (any case), or "".
std::string header(const SmallRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers)
    if (key.size() == name.size() && std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return value;
  return "";
}

/// /feeds/WATCH.atom or /feeds/all.atom: the document is made on the store thread, then sent.
void serve_feed(Service& service, const SmallRequest& request, std::string_view path, SmallHttpServer::Reply reply) {
  std::string_view name = path.substr(std::string_view("/feeds/").size());
  if (!name.ends_with(".atom")) return reply(SmallResponse{404, "text/plain; charset=utf-8", {}, k_not_found});
  name.remove_suffix(std::string_view(".atom").size());
  std::optional<std::string> watch;
  if (name != "all") watch = std::string(name);
  if (auto known = check_feed_watch(service.config(), watch); !known)
    return reply(SmallResponse{404, "text/plain; charset=utf-8", {}, known.error().message + "\n"});
  std::string host = header(request, "host");
  if (host.empty()) host = service.config().service.listen;
  service.store().post(
      [watch, self = feed_self_url(host, watch), now = unix_now()](Store& store) {
        return atom_feed_document(store, watch, k_feed_default_limit, self, now);
      },
      [reply = std::move(reply)](Result<std::string> document) {
        if (!document) {
          spdlog::warn("feed failed: {}", document.error().message);
          return reply(SmallResponse{500, "text/plain; charset=utf-8", {}, "feed unavailable, see the log\n"});
        }
        reply(SmallResponse{200, "application/atom+xml; charset=utf-8", {}, std::move(*document)});
      });
}

std::string page_metrics(const PageSlots& pages, const PageSlots& store) {
  auto gauge = [](const char* name, const char* help, std::size_t value) {
    return fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
  };
  return gauge("newswatch_pages_pending",
               "Page bodies being fetched or parsed, or their items waiting for room at the store thread.",
               pages.in_use()) +
         gauge("newswatch_pages_pending_peak", "The most page bodies pending at once since start.", pages.peak()) +
         gauge("newswatch_pages_pending_limit", "[service] max_pending_pages: the cap on pending bodies.",
               pages.capacity()) +
         gauge("newswatch_pages_waiting", "Fetches waiting for room for their body.", pages.waiting()) +
         gauge("newswatch_store_pending", "Crawls handed to the store thread and not yet stored.", store.in_use()) +
         gauge("newswatch_store_pending_limit", "The cap on crawls handed to the store thread (two of its batches).",
               store.capacity()) +
         gauge("newswatch_store_waiting", "Parsed crawls waiting for room at the store thread.", store.waiting());
}

/// Shared mode: which instance this is, the leases it holds, the leases the store refused it and why.
std::string lease_metrics(const LeaseKeeper& leases) {
  std::string out = fmt::format(
      "# HELP newswatch_instance_info This process among the instances sharing the database.\n"
      "# TYPE newswatch_instance_info gauge\nnewswatch_instance_info{{instance=\"{}\"}} 1\n"
      "# HELP newswatch_leases_held Sites this instance crawls under a lease now.\n"
      "# TYPE newswatch_leases_held gauge\nnewswatch_leases_held {}\n"
      "# HELP newswatch_lease_refusals_total Due sites whose lease the store refused, by reason.\n"
      "# TYPE newswatch_lease_refusals_total counter\n",
      label_value(leases.id()), leases.held());
  for (const char* reason : {"crawled_elsewhere", "host_busy", "host_cooling", "store_error"}) {
    auto found = leases.refusals().find(reason);
    out += fmt::format("newswatch_lease_refusals_total{{reason=\"{}\"}} {}\n", reason,
                       found == leases.refusals().end() ? 0 : found->second);
  }
  return out;
}

}  // namespace

std::string metrics_text(const Service& service) {
  const ServiceCounters& c = service.counters();
  std::string out;
  auto counter = [&out](const char* name, const char* help, long long value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} counter\n{0} {2}\n", name, help, value);
  };
  counter("newswatch_crawls_total", "Crawls of a site that finished, any outcome.", c.crawls);
  counter("newswatch_crawl_failures_total", "Crawls that failed or found no items.", c.failures);
  counter("newswatch_new_items_total", "Items stored for the first time.", c.new_items);
  counter("newswatch_alerts_queued_total", "Alerts put in the outbox.", c.alerts_queued);
  out += fmt::format("# HELP newswatch_sites Sites configured.\n# TYPE newswatch_sites gauge\nnewswatch_sites {}\n",
                     c.sites);
  out += page_metrics(service.page_slots(), service.store_slots());
  out += outbox_metrics(service.dispatcher());
  out += health_metrics(service);
  if (const LeaseKeeper* leases = service.leases()) out += lease_metrics(*leases);
  return out;
}

Result<std::unique_ptr<SmallHttpServer>> start_health_endpoint(boost::asio::io_context& io, const std::string& listen,
                                                               Service& service) {
  auto colon = listen.rfind(':');
  std::uint16_t port = 0;
  std::string host = colon == std::string::npos ? listen : listen.substr(0, colon);
  if (colon == std::string::npos ||
      std::from_chars(listen.data() + colon + 1, listen.data() + listen.size(), port).ec != std::errc())
    return fail(ErrorKind::config, fmt::format("'listen' must be HOST:PORT, got '{}'", listen));
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  auto answer = [&service](const SmallRequest& request) -> SmallResponse {
    std::string path = request.target.substr(0, request.target.find('?'));
    if (path == "/healthz") return SmallResponse{200, "text/plain; charset=utf-8", {}, "ok\n"};
    if (path == "/readyz") {
      if (auto reason = service.not_ready_reason())
        return SmallResponse{503, "text/plain; charset=utf-8", {}, "not ready: " + *reason + "\n"};
      return SmallResponse{200, "text/plain; charset=utf-8", {}, "ready\n"};
    }
    if (path == "/metrics")
      return SmallResponse{200, "text/plain; version=0.0.4; charset=utf-8", {}, metrics_text(service)};
    return SmallResponse{404, "text/plain; charset=utf-8", {}, k_not_found};
  };
  return SmallHttpServer::listen_async(io, host, port,
                                       [&service, answer](const SmallRequest& request, SmallHttpServer::Reply reply) {
                                         std::string path = request.target.substr(0, request.target.find('?'));
                                         if (path.starts_with("/feeds/"))
                                           return serve_feed(service, request, path, std::move(reply));
                                         reply(answer(request));
                                       });
}

}  // namespace newswatch
