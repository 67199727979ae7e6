// The small HTTP server under a connection flood: idle connections time out,
// connections over the cap close the oldest idle one, and a fresh request is
// still answered while hundreds of idle connections are held open.

#include "net/small_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "tests/support/peer.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using namespace std::chrono_literals;

/// An open TCP connection to 127.0.0.1:`port` that sends nothing; closed on destruction.
class IdleConnection {
 public:
  explicit IdleConnection(std::uint16_t port) : m_fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (m_fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
      throw std::runtime_error("connect failed");
  }
  ~IdleConnection() { ::close(m_fd); }
  IdleConnection(const IdleConnection&) = delete;
  IdleConnection& operator=(const IdleConnection&) = delete;

  /// True when the server closed the connection within `guard` (a hang guard, not a measurement).
  bool closed_by_server(std::chrono::milliseconds guard) const {
    pollfd pfd{m_fd, POLLIN, 0};
    if (::poll(&pfd, 1, static_cast<int>(guard.count())) <= 0) return false;
    char byte;
    return ::recv(m_fd, &byte, 1, 0) <= 0;
  }

 private:
  int m_fd;
};

/// A SmallHttpServer answering "ok" on its own loop thread.
class RunningServer {
 public:
  explicit RunningServer(SmallServerLimits limits) {
    auto started = SmallHttpServer::listen(
        m_io, "127.0.0.1", 0,
        [](const SmallRequest&) {
          return SmallResponse{200, "text/plain", {}, "ok\n"};
        },
        limits);
    if (!started) throw std::runtime_error(started.error().message);
    m_server = std::move(*started);
    m_thread = std::thread([this] { m_io.run(); });
  }
  ~RunningServer() {
    m_work.reset();
    m_io.stop();
    m_thread.join();
    m_server.reset();
  }
  std::uint16_t port() const { return m_server->port(); }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port()) + path; }

 private:
  boost::asio::io_context m_io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work{m_io.get_executor()};
  std::unique_ptr<SmallHttpServer> m_server;
  std::thread m_thread;
};

TEST(SmallHttpServer, ThreeHundredIdleConnections_ARequestIsStillAnswered_OldestIdleAreClosed) {
  constexpr std::size_t k_cap = 8;
  RunningServer server(SmallServerLimits{k_cap, std::chrono::minutes(5)});  // no timeout helps here
  std::vector<std::unique_ptr<IdleConnection>> idle;
  for (int i = 0; i < 300; ++i) idle.push_back(std::make_unique<IdleConnection>(server.port()));
  EXPECT_EQ(test::http_get(server.url("/healthz")), "ok\n");
  // Accepted in order, the probe last: by its answer every older connection over the cap was closed.
  for (std::size_t i = 0; i + k_cap < idle.size(); ++i)
    ASSERT_TRUE(idle[i]->closed_by_server(20s)) << "idle connection " << i << " still open";
}

TEST(SmallHttpServer, IdleConnection_IsClosedAtItsDeadline) {
  RunningServer server(SmallServerLimits{64, 200ms});
  IdleConnection idle(server.port());
  EXPECT_TRUE(idle.closed_by_server(30s)) << "an idle connection was kept beyond its deadline";
  EXPECT_EQ(test::http_get(server.url("/healthz")), "ok\n");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
