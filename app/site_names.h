#pragma once
// One wording for a --site that names no configured site, shared by once,
// items and extract -c, so the user always sees which names would have worked.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace newswatch {

/// "newswatch COMMAND: no site 'NAME' in FILE; configured: a, b, c" for the first of `names` that is not
/// a configured site (a usage error, exit 2), or nullopt when every name is one.
std::optional<std::string> unknown_site_error(std::string_view command, const std::vector<std::string>& names,
                                              const Config& config);

}  // namespace newswatch
