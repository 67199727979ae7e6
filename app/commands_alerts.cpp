// `newswatch alerts test NOTIFIER`: one marked test message through a
// configured notifier, sent at once by its real sender (secrets read, the
// deliveries' address policy), and the receiver's answer printed. It needs no
// database and writes none: the outbox never sees a test.

#include <iostream>
#include <optional>

#include <boost/asio/io_context.hpp>

#include "alerts/test_alert.h"
#include "app/cli.h"
#include "app/commands.h"
#include "config/clock.h"
#include "config/config.h"
#include "net/http_client.h"

namespace newswatch {
namespace {

std::string configured_names(const Config& config) {
  std::string names;
  for (const NotifierConfig& notifier : config.notifiers) names += (names.empty() ? "" : ", ") + notifier.name;
  return names.empty() ? "(none)" : names;
}

std::string describe(const NotifierConfig& notifier) {
  switch (notifier.type) {
    case NotifierType::email: return "email";
    case NotifierType::ntfy: return "ntfy";
    case NotifierType::telegram: return "telegram";
    case NotifierType::matrix: return "matrix";
    case NotifierType::gotify: return "gotify";
    case NotifierType::apprise: return "apprise";
    case NotifierType::webhook: break;
  }
  switch (notifier.format) {
    case WebhookFormat::slack: return "webhook, slack format";
    case WebhookFormat::discord: return "webhook, discord format";
    case WebhookFormat::json: break;
  }
  return "webhook, json format";
}

}  // namespace

int cmd_alerts_test(const std::filesystem::path& path, const std::string& name) {
  auto config = load_sending_config(path);
  const NotifierConfig* notifier = config->find_notifier(name);
  if (!notifier) {
    std::cerr << "newswatch alerts test: no notifier named '" << name << "' in " << path.string()
              << "; configured: " << configured_names(*config) << "\n";
    return k_exit_usage;
  }
  boost::asio::io_context io(1);
  HttpClient http(io);
  std::optional<TestSendResult> result;
  send_test_alert(http, config->service, *notifier, make_test_alert(unix_now()),
                  [&result](TestSendResult answer) { result = std::move(answer); });
  io.run();  // one transfer, bounded by the notifier's timeouts
  if (!result) {
    std::cerr << "newswatch alerts test: the send ended without an answer\n";
    return k_exit_failure;
  }
  std::cout << "test alert to " << notifier->name << " (" << describe(*notifier) << ")\n";
  if (result->delivered) {
    std::cout << "delivered: " << result->summary << "\n";
    return k_exit_ok;
  }
  std::cout << "failed: " << result->summary << "\n";
  return k_exit_failure;
}

}  // namespace newswatch
