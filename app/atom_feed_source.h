#pragma once
// Where an Atom feed of matches comes from, for both `/feeds/WATCH.atom` (health endpoint, on the store
// thread) and `newswatch feed`: the watch checked against the config, the newest matches read from the
// store's feed record, the document written by alerts/atom_feed.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.h"
#include "config/error.h"
#include "store/store.h"

namespace newswatch {

/// How many matches a feed lists unless asked otherwise, and at most.
inline constexpr int k_feed_default_limit = 50;
inline constexpr int k_feed_max_limit = 500;

/// The feed's own URL on `host` ("127.0.0.1:9187", as a Host header or `listen` gives it): "" when `host` is
/// empty or holds anything but host and port characters.
std::string feed_self_url(std::string_view host, const std::optional<std::string>& watch);

/// Fails (usage) for a watch `config` does not have, naming the configured ones.
Result<void> check_feed_watch(const Config& config, const std::optional<std::string>& watch);

/// The Atom document of `watch` (every watch when nullopt): its newest `limit` matches from `store`.
Result<std::string> atom_feed_document(Store& store, const std::optional<std::string>& watch, int limit,
                                       const std::string& self_url, std::int64_t now);

}  // namespace newswatch
