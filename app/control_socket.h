#pragma once
// The service's control socket: a Unix-domain stream socket beside the
// database, `<database>.sock` (e.g. /var/lib/newswatch/newswatch.db.sock). The
// path follows from the database path alone, which the service and every
// command resolve by the same rule, so `newswatch crawl` from a root shell finds
// the socket of the service under systemd ($RUNTIME_DIRECTORY is not set in a
// shell, so a socket there could not be found). Mode 0600: the service's user
// and root may ask.
//
// A PostgreSQL database is no file, and it is shared: by instances on other machines, and by several on one
// machine (each with its own config file). The socket then belongs to the instance, named by its config file:
// `<config stem>-<hash of the config's absolute path>.sock` (two instances never share one, even with configs of
// one name in two folders), in $RUNTIME_DIRECTORY when systemd sets it, else in /run/newswatch for the installed
// config (the unit's RuntimeDirectory=newswatch, so a root shell finds it), else beside the config file.
//
// One request line per connection, one reply line, then the service closes it
// (words: control_protocol.h). It is served on the event loop and must never
// stall it: a request is at most k_max_line bytes and must arrive, and the reply
// leave, within the deadline; at most max_connections are open, and a newcomer
// over the cap is closed at once. A socket file left by a crashed service is
// replaced; one a live service answers on is not.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>

#include "config/error.h"

namespace newswatch {

/// The longest request line accepted, newline included.
inline constexpr std::size_t k_max_control_line = 4096;

struct ControlLimits {
  std::size_t max_connections = 16;
  std::chrono::milliseconds timeout{5000};  ///< per connection: read the request and write the reply
};

/// Where the service of config `config_file` on `database` listens: `<database>.sock` for a SQLite file, the
/// instance's socket (above) for a PostgreSQL URI; nullopt for an in-memory database (":memory:").
std::optional<std::filesystem::path> control_socket_path(const std::string& database,
                                                         const std::filesystem::path& config_file);

class ControlSocket {
 public:
  /// Takes one request line (without its newline); returns the reply line (without its newline).
  using Handler = std::function<std::string(const std::string& line)>;

  /// Listens at `path` (replacing a stale socket file); fails naming the path and why.
  static Result<std::unique_ptr<ControlSocket>> listen(boost::asio::io_context& io, const std::filesystem::path& path,
                                                       Handler handler, ControlLimits limits = {});
  /// Closes the socket and removes its file.
  ~ControlSocket();

  const std::filesystem::path& path() const noexcept;

 private:
  struct State;
  explicit ControlSocket(std::shared_ptr<State> state);
  std::shared_ptr<State> m_state;
};

/// Why a control request got no reply.
enum class ControlFailure {
  no_socket,    ///< nothing at the path: no service has run on this database
  no_listener,  ///< a socket file nobody answers on: the service is not running
  other,        ///< permission, timeout, a reply too long...
};

struct ControlError {
  ControlFailure failure = ControlFailure::other;
  std::string message;
};

/// Sends `line` (a newline is added) to the socket at `path`; returns the reply line without its newline.
/// Blocking, for the CLI: at most `timeout` for the connection, the request and the reply each.
tl::expected<std::string, ControlError> control_request(const std::filesystem::path& path, const std::string& line,
                                                        std::chrono::milliseconds timeout);

}  // namespace newswatch
