// Secret resolution. KEY_file paths that are relative are read from
// $CREDENTIALS_DIRECTORY when systemd sets it (LoadCredential=), so a unit can
// say `password_file = "smtp"`; otherwise relative to the working directory.
// One trailing newline (or CRLF) is trimmed because `echo secret > file` adds it.

#include "config/secrets.h"

#include <fmt/format.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace newswatch::config_detail {
namespace {

std::filesystem::path credential_path(const std::string& configured) {
  std::filesystem::path path(configured);
  const char* credentials = std::getenv("CREDENTIALS_DIRECTORY");
  if (path.is_relative() && credentials && *credentials) return std::filesystem::path(credentials) / path;
  return path;
}

std::optional<std::string> from_env(TableReader& reader, const std::string& env_key, const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value || !*value) {
    reader.error(env_key, fmt::format("environment variable '{}' named by '{}' is not set or empty", name, env_key));
    return std::nullopt;
  }
  return std::string(value);
}

std::optional<std::string> from_file(TableReader& reader, const std::string& file_key, const std::string& configured) {
  const std::filesystem::path path = credential_path(configured);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    reader.error(file_key,
                 fmt::format("cannot read '{}' file '{}': {}", file_key, path.string(), std::strerror(errno)));
    return std::nullopt;
  }
  std::string value((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!value.empty() && value.back() == '\n') value.pop_back();
  if (!value.empty() && value.back() == '\r') value.pop_back();
  if (value.empty()) {
    reader.error(file_key, fmt::format("'{}' file '{}' is empty", file_key, path.string()));
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<std::string> read_secret(TableReader& reader, std::string_view key) {
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
  if (reader.find(plain)) return reader.string(plain);
  if (reader.find(env_key)) {
    auto name = reader.string(env_key);
    return name ? from_env(reader, env_key, *name) : std::nullopt;
  }
  if (reader.find(file_key)) {
    auto path = reader.string(file_key);
    return path ? from_file(reader, file_key, *path) : std::nullopt;
  }
  return std::string();
}

}  // namespace newswatch::config_detail
