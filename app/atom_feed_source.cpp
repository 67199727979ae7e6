#include "app/atom_feed_source.h"

#include <algorithm>

#include <fmt/format.h>

#include "alerts/atom_feed.h"

namespace newswatch {

std::string feed_self_url(std::string_view host, const std::optional<std::string>& watch) {
  const bool plain = !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
           c == ':' || c == '[' || c == ']';
  });
  if (!plain) return "";
  return fmt::format("http://{}/feeds/{}.atom", host, watch.value_or("all"));
}

Result<void> check_feed_watch(const Config& config, const std::optional<std::string>& watch) {
  if (!watch || config.find_watch(*watch)) return {};
  std::string known;
  for (const WatchConfig& each : config.watches) known += (known.empty() ? "" : ", ") + each.name;
  return fail(ErrorKind::usage, fmt::format("no watch '{}' in {}; configured: {}", *watch, config.path.string(),
                                            known.empty() ? "(none)" : known));
}

Result<std::string> atom_feed_document(Store& store, const std::optional<std::string>& watch, int limit,
                                       const std::string& self_url, std::int64_t now) {
  auto matches = store.feed_matches(watch, std::clamp(limit, 1, k_feed_max_limit));
  if (!matches) return tl::unexpected(matches.error());
  AtomFeedInfo info;
  info.id = feed_id(watch.value_or(""));
  info.title = watch ? "newswatch: " + *watch : "newswatch: every watch";
  info.self_url = self_url;
  info.watch = watch.value_or("");
  info.now = now;
  return atom_feed(info, *matches);
}

}  // namespace newswatch
