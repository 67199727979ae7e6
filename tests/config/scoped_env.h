#pragma once
// Test helpers for the config tests: an environment variable set (or unset)
// for one scope, and a file that exists for one scope.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include <unistd.h>

namespace newswatch::testing {

/// Sets (or, with nullopt, unsets) NAME for the lifetime of the object, then restores it.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::optional<std::string>& value) : m_name(std::move(name)) {
    if (const char* old = std::getenv(m_name.c_str())) m_old = old;
    if (value)
      ::setenv(m_name.c_str(), value->c_str(), 1);
    else
      ::unsetenv(m_name.c_str());
  }
  ~ScopedEnv() {
    if (m_old)
      ::setenv(m_name.c_str(), m_old->c_str(), 1);
    else
      ::unsetenv(m_name.c_str());
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string m_name;
  std::optional<std::string> m_old;
};

/// A file with the given content in a fresh temporary directory, removed with the object.
class ScopedFile {
 public:
  ScopedFile(const std::string& name, const std::string& content) {
    std::string pattern = (std::filesystem::temp_directory_path() / "newswatch-config-XXXXXX").string();
    m_dir = ::mkdtemp(pattern.data());
    m_path = m_dir / name;
    std::ofstream(m_path, std::ios::binary) << content;
  }
  ~ScopedFile() {
    std::error_code ignored;
    std::filesystem::remove_all(m_dir, ignored);
  }
  ScopedFile(const ScopedFile&) = delete;
  ScopedFile& operator=(const ScopedFile&) = delete;
  const std::filesystem::path& path() const noexcept { return m_path; }
  const std::filesystem::path& dir() const noexcept { return m_dir; }

 private:
  std::filesystem::path m_dir;
  std::filesystem::path m_path;
};

}  // namespace newswatch::testing
