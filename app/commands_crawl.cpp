// `newswatch crawl [--site NAME]...`: asks the running service, through its
// control socket (control_socket.h), to crawl now. It never opens the database:
// with no service running it says so and points at `newswatch once`, leaving the
// sites' stored state alone.

#include <filesystem>
#include <iostream>

#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/control_protocol.h"
#include "app/control_socket.h"

namespace newswatch {
namespace {

constexpr auto k_control_timeout = std::chrono::seconds(10);

}  // namespace

int cmd_crawl(const std::filesystem::path& path, const std::vector<std::string>& sites) {
  auto config = load_app_config(path);
  for (const std::string& name : sites) {
    if (!config->find_site(name)) {
      std::cerr << "newswatch crawl: no site named '" << name << "' in " << path.string() << "\n";
      return k_exit_usage;
    }
  }
  auto socket = control_socket_path(config->service.database, path);
  if (!socket) {
    std::cerr << "newswatch crawl: the database is \":memory:\", so no service can be asked; use `newswatch once`\n";
    return k_exit_failure;
  }
  auto reply = control_request(*socket, crawl_request(sites), k_control_timeout);
  if (!reply) {
    if (reply.error().failure == ControlFailure::other)
      std::cerr << "newswatch crawl: " << reply.error().message << "\n";
    else
      std::cerr << "newswatch crawl: no running newswatch service (" << reply.error().message
                << "); use `newswatch once`\n";
    return k_exit_failure;
  }
  const std::string& text = *reply;
  if (text.rfind("ok ", 0) == 0) {
    std::cout << text.substr(3) << " (the service's log says how each crawl went)\n";
    return k_exit_ok;
  }
  // The service's config may differ from this file's (not reloaded yet): its answer decides.
  const std::string unknown = "error unknown site ";
  if (text.rfind(unknown, 0) == 0) {
    std::cerr << "newswatch crawl: the running service has no site named '" << text.substr(unknown.size())
              << "' (reload it after editing the config: systemctl reload newswatch)\n";
    return k_exit_usage;
  }
  std::cerr << "newswatch crawl: the service answered: " << text << "\n";
  return k_exit_failure;
}

}  // namespace newswatch
