#pragma once
// Where the tests find their inputs, and small file helpers.

#include <filesystem>
#include <string>
#include <string_view>

namespace newswatch::test {

/// A file under tests/fixtures (pages, the user's seeds, feeds; see tests/fixtures/PROVENANCE.md),
/// e.g. "nknews/homepage-2020-05-29.html".
std::filesystem::path fixture_path(const std::string& relative);
/// The whole file; fails the calling test (ADD_FAILURE) and returns "" when unreadable.
std::string read_file(const std::filesystem::path& path);

/// Writes `content` to `path`, creating parent folders.
void write_file(const std::filesystem::path& path, std::string_view content);

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const noexcept { return m_path; }
  std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

 private:
  std::filesystem::path m_path;
};

}  // namespace newswatch::test
