#pragma once
// Secrets (webhook HMAC key, SMTP password) may sit in the file, in an
// environment variable, or in a file such as a systemd credential. Loading
// only records where an env/file secret comes from; resolve_secrets() (config.h)
// reads it when a notifier is about to be used. Internal to config/.

#include <optional>
#include <string>
#include <string_view>

#include "config/toml_reader.h"

namespace newswatch::config_detail {

/// What KEY / KEY_env / KEY_file of one table says (exactly one may be set).
struct SecretSetting {
  std::string value;             ///< KEY as written, "" otherwise
  std::optional<SecretRef> ref;  ///< KEY_env or KEY_file, read later
};

/// Reads KEY / KEY_env / KEY_file from `reader` without touching the environment or
/// a file. Returns nullopt after recording a diagnostic (two variants, a wrong type).
std::optional<SecretSetting> read_secret(TableReader& reader, std::string_view key);

}  // namespace newswatch::config_detail
