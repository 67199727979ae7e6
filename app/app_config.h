#pragma once
// Loading the config with every stage's checks wired in: the extractor
// registry, css selectors and the watch query parser (config/ itself depends
// on no other stage, so app/ supplies them as validators).

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "config/config.h"

namespace newswatch {

/// The validators that tie config/ to the extractors and the query language.
ConfigValidators stage_validators();

/// Loads and fully validates `path`; throws ConfigError (every problem, located).
std::shared_ptr<const Config> load_app_config(const std::filesystem::path& path);

}  // namespace newswatch
