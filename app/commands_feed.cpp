// `newswatch feed [--watch NAME] [--limit N]`: the Atom feed the service serves at /feeds/WATCH.atom, printed
// from the database (read-only, like `alerts`), so a feed can be checked or saved without the service.

#include <iostream>

#include "app/app_config.h"
#include "app/atom_feed_source.h"
#include "app/cli.h"
#include "app/command_output.h"
#include "app/commands.h"
#include "config/clock.h"

namespace newswatch {

int cmd_feed(const std::filesystem::path& config_path, const std::optional<std::string>& watch, int limit) {
  auto config = load_app_config(config_path);
  if (auto known = check_feed_watch(*config, watch); !known) {
    std::cerr << "newswatch feed: " << known.error().message << "\n";
    return k_exit_usage;
  }
  auto store = open_store_or_report(*config);
  if (!store) return k_exit_failure;
  auto document = atom_feed_document(*store, watch, limit, feed_self_url(config->service.listen, watch), unix_now());
  if (!report(document)) return k_exit_failure;
  std::cout << *document;
  return k_exit_ok;
}

}  // namespace newswatch
