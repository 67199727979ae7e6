#include "app/config_append.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "app/app_config.h"
#include "config/config.h"

namespace newswatch {
namespace {

/// Closes a descriptor and removes the temporary file unless release()d.
class TempFile {
 public:
  explicit TempFile(std::filesystem::path pattern) : m_path(pattern.string()) { m_fd = ::mkstemp(m_path.data()); }
  ~TempFile() {
    if (m_fd >= 0) ::close(m_fd);
    if (!m_kept) ::unlink(m_path.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  int fd() const noexcept { return m_fd; }
  const std::string& path() const noexcept { return m_path; }
  void keep() noexcept { m_kept = true; }

 private:
  std::string m_path;
  int m_fd = -1;
  bool m_kept = false;
};

Result<void> write_all(int fd, const std::string& text, const std::string& path) {
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorKind::storage, fmt::format("cannot write {}: {}", path, std::strerror(errno)));
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail(ErrorKind::storage, fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  return {};
}

/// The result's problems as check-config reports them, but naming `file` rather than the temporary copy.
ConfigError relocated(const ConfigError& error, const std::string& temp, const std::filesystem::path& file) {
  std::vector<ConfigDiagnostic> diagnostics = error.diagnostics();
  for (ConfigDiagnostic& d : diagnostics)
    if (d.file == temp) d.file = file.string();
  return ConfigError(std::move(diagnostics));
}

}  // namespace

std::string appended_config(const std::string& original, const std::string& block) {
  std::string text = original;
  if (!text.empty() && text.back() != '\n') text += '\n';
  if (!text.empty()) text += '\n';
  return text + block;
}

Result<void> append_to_config(const std::filesystem::path& given, const std::string& block) {
  std::error_code ec;
  // Replace the file a symlink points at, not the link.
  const std::filesystem::path file = std::filesystem::exists(given, ec) ? std::filesystem::canonical(given, ec) : given;
  std::string original;
  struct stat info {};
  const bool exists = ::stat(file.c_str(), &info) == 0;
  if (exists) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (!in) return fail(ErrorKind::storage, fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
    original = bytes.str();
  }
  const std::filesystem::path folder = file.parent_path().empty() ? "." : file.parent_path();
  TempFile temp(folder / ("." + file.filename().string() + ".discover-XXXXXX"));
  if (temp.fd() < 0)
    return fail(ErrorKind::storage,
                fmt::format("cannot create a file in {}: {}", folder.string(), std::strerror(errno)));
  if (exists) ::fchmod(temp.fd(), info.st_mode & 07777);
  if (auto written = write_all(temp.fd(), appended_config(original, block), temp.path()); !written) return written;
  try {
    load_app_config(temp.path());  // exactly what check-config runs
  } catch (const ConfigError& e) {
    throw relocated(e, temp.path(), given);
  }
  if (::rename(temp.path().c_str(), file.c_str()) != 0)
    return fail(ErrorKind::storage, fmt::format("cannot replace {}: {}", file.string(), std::strerror(errno)));
  temp.keep();
  return {};
}

}  // namespace newswatch
