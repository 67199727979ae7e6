#pragma once
// The service's own HTTP endpoint, when `[service] listen = "HOST:PORT"` is set:
//   /healthz  200 while the event loop answers (a liveness probe)
//   /readyz   200 once config and database are open and the schedule runs
//   /metrics  Prometheus text: crawls, failures, new items, alerts queued, sites,
//             outbox alerts by state, deliveries by notifier and outcome
//   /feeds/WATCH.atom, /feeds/all.atom  the Atom feed of a watch's matches, or every watch's
// The first three are answered on the loop thread from counters the service keeps in memory and
// the dispatcher's outbox snapshot: they never touch the database or block. A feed is read and
// written on the store thread (one indexed query) and answered when that is done.

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "config/error.h"
#include "net/small_http_server.h"

namespace newswatch {

class Service;

/// Starts the endpoint on `listen` ("127.0.0.1:9187"); fails naming the address.
Result<std::unique_ptr<SmallHttpServer>> start_health_endpoint(boost::asio::io_context& io, const std::string& listen,
                                                               Service& service);

/// The /metrics body for `service` (Prometheus text exposition format 0.0.4).
std::string metrics_text(const Service& service);

}  // namespace newswatch
