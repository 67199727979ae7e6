#pragma once
// What `discover` hands the user: a ready [[site]] block per usable source,
// named after the host and the kind of source ("example.org-feed"), with a
// number appended when that name is taken in the configs given, so a block
// can be pasted (or added with --add) without a clash.

#include <string>
#include <vector>

#include "config/config.h"
#include "crawler/discovery_source.h"

namespace newswatch {

/// The interval a discovered site starts with.
inline constexpr const char* k_discovered_interval = "10m";

/// A site name for `finding` not used by any site of `configs`: host without "www.", "-", the kind; then "-2", ...
std::string discovered_site_name(const Finding& finding, const std::vector<const Config*>& configs);

/// The [[site]] block (name, url, extractor, interval), ending in a newline.
std::string site_block(const std::string& name, const Finding& finding);

/// `text` as a TOML basic string, quotes included.
std::string toml_string(const std::string& text);

/// The site of `configs` whose url is `url`, or nullptr.
const SiteConfig* site_with_url(const std::vector<const Config*>& configs, const std::string& url);

}  // namespace newswatch
