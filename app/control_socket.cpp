#include "app/control_socket.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include "store/store.h"

namespace newswatch {

namespace fs = std::filesystem;
using unix_stream = boost::asio::local::stream_protocol;

namespace {

constexpr const char* k_installed_config_dir = "/etc/newswatch";
constexpr const char* k_installed_runtime_dir = "/run/newswatch";  // the unit's RuntimeDirectory=newswatch

/// A file descriptor closed on scope exit.
class UniqueFd {
 public:
  explicit UniqueFd(int fd) noexcept : m_fd(fd) {}
  ~UniqueFd() {
    if (m_fd >= 0) ::close(m_fd);
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  int get() const noexcept { return m_fd; }

 private:
  int m_fd;
};

/// sockaddr_un for `path`; nullopt when the path does not fit sun_path.
std::optional<sockaddr_un> unix_address(const fs::path& path) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string text = path.string();
  if (text.empty() || text.size() >= sizeof address.sun_path) return std::nullopt;
  std::memcpy(address.sun_path, text.c_str(), text.size() + 1);
  return address;
}

std::string too_long(const fs::path& path) {
  return fmt::format("control socket path {} is longer than {} bytes", path.string(),
                     sizeof(sockaddr_un{}.sun_path) - 1);
}

/// Connects a blocking Unix stream socket to `path`, send and receive bounded by `timeout`; errno on failure.
tl::expected<int, int> connect_to(const fs::path& path, std::chrono::milliseconds timeout) {
  auto address = unix_address(path);
  if (!address) return tl::unexpected(ENAMETOOLONG);
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return tl::unexpected(errno);
  timeval limit{};
  limit.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  limit.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, sizeof limit);  // connect() on AF_UNIX honours it too
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&*address), sizeof *address) != 0) {
    const int error = errno;
    ::close(fd);
    return tl::unexpected(error);
  }
  return fd;
}

/// Clears the way for a new socket at `path`: a stale socket file is removed; a live one, or any other
/// kind of file, is left alone and reported.
Result<void> clear_stale(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};  // nothing there
  if (!S_ISSOCK(st.st_mode))
    return fail(ErrorKind::config, fmt::format("{} exists and is not a socket; not replacing it", path.string()));
  auto probe = connect_to(path, std::chrono::milliseconds(1000));
  if (probe) {
    ::close(*probe);
    return fail(
        ErrorKind::config,
        fmt::format("another newswatch service answers on {} (same database or config); crawl requests go to it",
                    path.string()));
  }
  if (::unlink(path.c_str()) != 0 && errno != ENOENT)
    return fail(ErrorKind::storage, fmt::format("cannot remove stale {}: {}", path.string(), std::strerror(errno)));
  return {};
}

}  // namespace

std::optional<fs::path> control_socket_path(const std::string& database, const fs::path& config_file) {
  if (database.empty() || database == ":memory:") return std::nullopt;
  if (!is_postgres_uri(database)) return fs::path(database + ".sock");
  std::error_code ignored;  // an unresolvable working directory leaves the path as given
  const fs::path config = fs::absolute(config_file, ignored).lexically_normal();
  // FNV-1a: the same in every build, so a CLI finds the socket of a service started by another build.
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : config.string()) hash = (hash ^ c) * 1099511628211ull;
  const std::string name = fmt::format("{}-{:08x}.sock", config.stem().string(), hash & 0xffffffffu);
  if (const char* runtime = std::getenv("RUNTIME_DIRECTORY"); runtime && *runtime) {
    std::string_view first(runtime);
    return fs::path(first.substr(0, first.find(':'))) / name;
  }
  if (config.parent_path() == k_installed_config_dir) return fs::path(k_installed_runtime_dir) / name;
  return config.parent_path() / name;
}

struct ControlSocket::State : std::enable_shared_from_this<ControlSocket::State> {
  /// One accepted client: read a line, write the reply, close; the deadline closes a dawdler.
  struct Connection : std::enable_shared_from_this<Connection> {
    Connection(std::shared_ptr<State> state, unix_stream::socket socket)
        : state(std::move(state)), socket(std::move(socket)), deadline(this->socket.get_executor()) {
      ++this->state->open;
    }
    ~Connection() { --state->open; }

    void start() {
      deadline.expires_after(state->limits.timeout);
      deadline.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
        if (auto self = weak.lock(); self && !ec) self->close();
      });
      boost::asio::async_read_until(
          socket, buffer, '\n', [self = shared_from_this()](boost::system::error_code ec, std::size_t length) noexcept {
            if (ec == boost::asio::error::not_found)  // the line outgrew the buffer
              return self->answer(fmt::format("error request longer than {} bytes", k_max_control_line));
            if (ec) return self->close();  // closed, timed out, or an EOF before a whole line
            std::string line(boost::asio::buffers_begin(self->buffer.data()),
                             boost::asio::buffers_begin(self->buffer.data()) + static_cast<std::ptrdiff_t>(length) - 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            self->answer(self->state->reply_to(line));
          });
    }

    void answer(std::string text) {
      reply = std::move(text) + "\n";
      boost::asio::async_write(socket, boost::asio::buffer(reply),
                               [self = shared_from_this()](boost::system::error_code, std::size_t) { self->close(); });
    }

    void close() noexcept {
      boost::system::error_code ignored;
      deadline.cancel();
      socket.shutdown(unix_stream::socket::shutdown_both, ignored);
      socket.close(ignored);
    }

    std::shared_ptr<State> state;
    unix_stream::socket socket;
    boost::asio::steady_timer deadline;
    boost::asio::streambuf buffer{k_max_control_line};
    std::string reply;
  };

  State(boost::asio::io_context& io, fs::path path, Handler handler, ControlLimits limits)
      : acceptor(io), path(std::move(path)), handler(std::move(handler)), limits(limits) {}

  std::string reply_to(const std::string& line) noexcept {
    try {
      return handler(line);
    } catch (const std::exception& e) {
      spdlog::error("control request failed socket={}: {}", path.string(), e.what());
      return "error internal: " + std::string(e.what());
    }
  }

  void accept() {
    acceptor.async_accept(
        [self = shared_from_this()](boost::system::error_code ec, unix_stream::socket socket) noexcept {
          if (!self->acceptor.is_open()) return;  // closed
          if (ec) {
            spdlog::warn("control socket accept failed socket={}: {}", self->path.string(), ec.message());
          } else if (self->open >= self->limits.max_connections) {
            boost::system::error_code ignored;
            socket.close(ignored);  // the open ones finish within their deadline; this asker may try again
          } else {
            try {
              std::make_shared<Connection>(self, std::move(socket))->start();
            } catch (const std::exception& e) {
              spdlog::error("control socket connection failed socket={}: {}", self->path.string(), e.what());
            }
          }
          self->accept();
        });
  }

  unix_stream::acceptor acceptor;
  fs::path path;
  Handler handler;
  ControlLimits limits;
  std::size_t open = 0;
  dev_t device = 0;  ///< the socket file we made: removed on close only if it is still ours
  ino_t inode = 0;
};

Result<std::unique_ptr<ControlSocket>> ControlSocket::listen(boost::asio::io_context& io, const fs::path& path,
                                                             Handler handler, ControlLimits limits) {
  if (!unix_address(path)) return fail(ErrorKind::config, too_long(path));
  if (auto cleared = clear_stale(path); !cleared) return tl::unexpected(cleared.error());
  auto state = std::make_shared<State>(io, path, std::move(handler), limits);
  boost::system::error_code ec;
  state->acceptor.open(unix_stream(), ec);
  if (!ec) {
    // Owner only from the first moment: bind() creates the file with the umask's mode.
    const mode_t previous = ::umask(0177);
    state->acceptor.bind(unix_stream::endpoint(path.string()), ec);
    ::umask(previous);
  }
  if (!ec) state->acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorKind::storage, fmt::format("cannot listen on {}: {}", path.string(), ec.message()));
  ::chmod(path.c_str(), 0600);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    state->device = st.st_dev;
    state->inode = st.st_ino;
  }
  state->accept();
  return std::unique_ptr<ControlSocket>(new ControlSocket(std::move(state)));
}

ControlSocket::ControlSocket(std::shared_ptr<State> state) : m_state(std::move(state)) {}

ControlSocket::~ControlSocket() {
  boost::system::error_code ignored;
  m_state->acceptor.close(ignored);
  // A newer service may have replaced our file after we hung: leave its socket alone.
  struct stat st {};
  if (::stat(m_state->path.c_str(), &st) == 0 && st.st_dev == m_state->device && st.st_ino == m_state->inode)
    ::unlink(m_state->path.c_str());
}

const fs::path& ControlSocket::path() const noexcept {
  return m_state->path;
}

tl::expected<std::string, ControlError> control_request(const fs::path& path, const std::string& line,
                                                        std::chrono::milliseconds timeout) {
  auto connected = connect_to(path, timeout);
  if (!connected) {
    const int error = connected.error();
    if (error == ENOENT)
      return tl::unexpected(ControlError{ControlFailure::no_socket, "no socket at " + path.string()});
    if (error == ECONNREFUSED)
      return tl::unexpected(ControlError{ControlFailure::no_listener, "nothing answers at " + path.string()});
    if (error == ENAMETOOLONG) return tl::unexpected(ControlError{ControlFailure::other, too_long(path)});
    return tl::unexpected(ControlError{ControlFailure::other,
                                       fmt::format("cannot connect to {}: {}", path.string(), std::strerror(error))});
  }
  UniqueFd fd(*connected);
  const std::string request = line + "\n";
  for (std::size_t sent = 0; sent < request.size();) {
    ssize_t n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0)
      return tl::unexpected(ControlError{ControlFailure::other,
                                         fmt::format("sending to {} failed: {}", path.string(), std::strerror(errno))});
    sent += static_cast<std::size_t>(n);
  }
  std::string reply;
  char chunk[512];
  while (reply.find('\n') == std::string::npos) {
    ssize_t n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
      return tl::unexpected(ControlError{
          ControlFailure::other, "the service did not answer within " + std::to_string(timeout.count()) + " ms"});
    if (n < 0)
      return tl::unexpected(ControlError{
          ControlFailure::other, fmt::format("reading from {} failed: {}", path.string(), std::strerror(errno))});
    if (n == 0)
      return tl::unexpected(ControlError{ControlFailure::other, "the service closed the connection unanswered"});
    reply.append(chunk, static_cast<std::size_t>(n));
    if (reply.size() > k_max_control_line)
      return tl::unexpected(ControlError{ControlFailure::other, "the service's reply is too long"});
  }
  reply.resize(reply.find('\n'));
  return reply;
}

}  // namespace newswatch
