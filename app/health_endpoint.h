#pragma once
// The service's own HTTP endpoint, when `[service] listen = "HOST:PORT"` is set:
//   /healthz  200 while the event loop answers (a liveness probe)
//   /readyz   200 once config and database are open and the schedule runs
//   /metrics  Prometheus text: crawls, failures, new items, alerts queued, sites,
//             outbox alerts by state, deliveries by notifier and outcome
// Answered on the loop thread from counters the service keeps in memory and
// the dispatcher's outbox snapshot: nothing here touches the database or blocks.

#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "config/error.h"
#include "net/small_http_server.h"

namespace newswatch {

class Service;

/// Starts the endpoint on `listen` ("127.0.0.1:9187"); fails naming the address.
Result<std::unique_ptr<SmallHttpServer>> start_health_endpoint(boost::asio::io_context& io, const std::string& listen,
                                                               const Service& service);

/// The /metrics body for `service` (Prometheus text exposition format 0.0.4).
std::string metrics_text(const Service& service);

}  // namespace newswatch
