#pragma once
// Secrets (webhook HMAC key, SMTP password) may sit in the file, in an
// environment variable, or in a file such as a systemd credential. Internal to config/.

#include <optional>
#include <string>
#include <string_view>

#include "config/toml_reader.h"

namespace newswatch::config_detail {

/// Resolves KEY / KEY_env / KEY_file from `reader` (exactly one may be set).
/// Returns the secret, "" when none is set, or nullopt after recording a
/// diagnostic. Messages name the variable or path, never the secret.
std::optional<std::string> read_secret(TableReader& reader, std::string_view key);

}  // namespace newswatch::config_detail
