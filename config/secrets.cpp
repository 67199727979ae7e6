// Secret resolution (webhook secret, SMTP or ntfy password, chat service token). A config names a secret by KEY_env or
// KEY_file; the load records the reference and its position, and the secret is read only by resolve_secrets(), just
// before a notifier is used, so the commands that send nothing (check-config, status, items, match, alerts) work from a
// shell that cannot read the service's credentials. KEY_file paths that are relative are read from
// $CREDENTIALS_DIRECTORY when systemd sets it (LoadCredential=), so a unit can say `password_file = "smtp"`; otherwise
// relative to the working directory. One trailing newline (or CRLF) is trimmed because `echo secret > file` adds it.

#include "config/secrets.h"

#include <fmt/format.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <tl/expected.hpp>

namespace newswatch {
namespace {

std::filesystem::path credential_path(const std::string& configured) {
  std::filesystem::path path(configured);
  const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
  if (path.is_relative() && credentials && *credentials) return std::filesystem::path(credentials) / path;
  return path;
}

/// The secret `ref` names, or the message saying why it cannot be read (never the secret).
tl::expected<std::string, std::string> read_ref(const SecretRef& ref) {
  if (ref.key.ends_with("_env")) {
    const char* value = std::getenv(ref.source.c_str());
    if (!value || !*value)
      return tl::unexpected(
          fmt::format("environment variable '{}' named by '{}' is not set or empty", ref.source, ref.key));
    return std::string(value);
  }
  const std::filesystem::path path = credential_path(ref.source);
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return tl::unexpected(fmt::format("cannot read '{}' file '{}': {}", ref.key, path.string(), std::strerror(errno)));
  std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  if (value.empty()) return tl::unexpected(fmt::format("'{}' file '{}' is empty", ref.key, path.string()));
  return value;
}

ConfigDiagnostic located(const SecretRef& ref, std::string message, bool warning) {
  return ConfigDiagnostic{ref.file, ref.line, ref.column, std::move(message), warning};
}

/// Calls `each(ref, value)` for every notifier secret named by reference.
template <class Notifiers, class Each>
void for_each_ref(Notifiers& notifiers, Each&& each) {
  for (auto& notifier : notifiers) {
    if (notifier.secret_ref) each(*notifier.secret_ref, notifier.secret);
    if (notifier.password_ref) each(*notifier.password_ref, notifier.password);
    if (notifier.token_ref) each(*notifier.token_ref, notifier.token);
  }
}

}  // namespace

void resolve_secrets(Config& config) {
  std::vector<ConfigDiagnostic> errors;
  for_each_ref(config.notifiers, [&](const SecretRef& ref, std::string& value) {
    auto secret = read_ref(ref);
    if (secret)
      value = std::move(*secret);
    else
      errors.push_back(located(ref, std::move(secret.error()), false));
  });
  if (!errors.empty()) throw ConfigError(std::move(errors));
}

std::vector<ConfigDiagnostic> secret_warnings(const Config& config) {
  std::vector<ConfigDiagnostic> warnings;
  for_each_ref(config.notifiers, [&](const SecretRef& ref, const std::string&) {
    auto secret = read_ref(ref);
    if (!secret)
      warnings.push_back(
          located(ref, secret.error() + " (needed by run, once and alerts retry, not by this command)", true));
  });
  return warnings;
}

namespace config_detail {

std::optional<SecretSetting> read_secret(TableReader& reader, std::string_view key) {
  const std::string plain(key);
  const std::string env_key = plain + "_env";
  const std::string file_key = plain + "_file";
  int given = 0;
  for (const std::string* k : {&plain, &env_key, &file_key}) {
    if (!reader.find(*k)) continue;
    if (++given == 2) {
      reader.error(*k, fmt::format("set only one of '{}', '{}' and '{}'", plain, env_key, file_key));
      return std::nullopt;
    }
  }
  SecretSetting setting;
  if (reader.find(plain)) {
    auto value = reader.string(plain);
    if (!value) return std::nullopt;
    setting.value = std::move(*value);
    return setting;
  }
  for (const std::string* ref_key : {&env_key, &file_key}) {
    if (!reader.find(*ref_key)) continue;
    auto source = reader.string(*ref_key);
    if (!source) return std::nullopt;
    const toml::source_position at = reader.where(*ref_key);
    setting.ref = SecretRef{*ref_key, std::move(*source), reader.diagnostics().file(), static_cast<int>(at.line),
                            static_cast<int>(at.column)};
  }
  return setting;
}

}  // namespace config_detail
}  // namespace newswatch
