#pragma once
// A loopback test peer: one of the Python scripts in tests/support (HTTP
// fixture server, webhook receiver, SMTP server) run as a child process.
// The script prints `PORT <n>` once it listens on 127.0.0.1; the Peer waits
// for that line, and on destruction closes the child's stdin, sends SIGTERM
// and, if it lingers, SIGKILL, then reaps it.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>

namespace newswatch::test {

/// A loopback port nothing listens on right now (bound, read, released): for "connection refused" and for
/// services a test starts on a port of its choosing.
int free_port();

/// "2026-11-29T16:20:11Z", `seconds` before now (UTC): dates inside a recency window whenever the test runs.
std::string iso_ago(std::int64_t seconds);

class Peer {
 public:
  /// Starts NEWSWATCH_PYTHON tests/support/`script` `args`...; throws
  /// std::runtime_error (failing the test) with the peer's stderr when no
  /// `PORT n` line arrives within `startup`.
  explicit Peer(std::string script, std::vector<std::string> args = {},
                std::chrono::milliseconds startup = std::chrono::seconds(15));
  ~Peer();
  Peer(const Peer&) = delete;
  Peer& operator=(const Peer&) = delete;

  /// The port the peer listens on (127.0.0.1).
  int port() const noexcept { return m_port; }

  /// "http://127.0.0.1:<port>" + `path` (which should start with '/').
  std::string url(std::string_view path = "/") const;

  /// What the peer wrote to stderr so far (for failure messages).
  std::string stderr_text() const;

 private:
  void stop() noexcept;

  std::string m_script;
  pid_t m_pid = -1;
  int m_stdin = -1;
  int m_port = 0;
  std::string m_stderr_path;
};

/// Blocking GET (tests only); returns the body, throws on transport errors or status >= 400.
std::string http_get(const std::string& url);

/// Blocking POST of `body`; returns the answer body, throws like http_get.
std::string http_post(const std::string& url, std::string_view body);

/// Blocking PUT of `body`; returns the answer body, throws like http_get.
std::string http_put(const std::string& url, std::string_view body);

}  // namespace newswatch::test
