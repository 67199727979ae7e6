#include "net/small_http_server.h"

#include <cerrno>
#include <chrono>
#include <exception>
#include <list>
#include <optional>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace newswatch {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

namespace {

/// Accept errors that mean "out of descriptors or memory": closing a connection may fix them.
bool out_of_resources(const boost::system::error_code& ec) {
  const int value = ec.value();
  return value == EMFILE || value == ENFILE || value == ENOBUFS || value == ENOMEM;
}

constexpr auto k_accept_retry = std::chrono::milliseconds(100);
constexpr auto k_warn_every = std::chrono::minutes(1);

}  // namespace

struct SmallHttpServer::State : std::enable_shared_from_this<SmallHttpServer::State> {
  struct Connection;
  using Connections = std::list<std::weak_ptr<Connection>>;

  /// One accepted socket; listed in `open` (oldest first) until it is closed or evicted.
  struct Connection {
    Connection(std::shared_ptr<State> state, tcp::socket socket)
        : state(std::move(state)), stream(std::move(socket)), position(this->state->open.end()) {}
    ~Connection() { unlist(); }
    void unlist() noexcept {
      if (position == state->open.end()) return;
      state->open.erase(position);
      position = state->open.end();
    }

    std::shared_ptr<State> state;
    beast::tcp_stream stream;  // its deadline covers reading the request and writing the answer
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    http::response<http::string_body> response;
    bool answering = false;  ///< the request was read: not idle, never evicted
    Connections::iterator position;
  };

  State(boost::asio::io_context& io, AsyncHandler handler, SmallServerLimits limits)
      : acceptor(io), retry(io), handler(std::move(handler)), limits(limits) {}
  tcp::acceptor acceptor;
  boost::asio::steady_timer retry;
  std::uint16_t port = 0;
  AsyncHandler handler;
  SmallServerLimits limits;
  Connections open;
  std::optional<std::chrono::steady_clock::time_point>
      last_warned;  ///< accept errors: one warning a minute, the rest debug

  void accept() {
    acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) noexcept {
      if (!self->acceptor.is_open()) return;  // closed
      try {
        if (ec) return self->accept_failed(ec);
        self->serve(std::move(socket));
      } catch (const std::exception& e) {
        spdlog::error("http endpoint accept handling failed: {}", e.what());
      }
      self->accept();
    });
  }

  void accept_failed(const boost::system::error_code& ec) {
    const auto now = std::chrono::steady_clock::now();
    if (!last_warned || now - *last_warned >= k_warn_every) {
      last_warned = now;
      spdlog::warn("http endpoint accept failed port={}: {}; still accepting", port, ec.message());
    } else {
      spdlog::debug("http endpoint accept failed port={}: {}", port, ec.message());
    }
    if (out_of_resources(ec) && evict_oldest_idle()) return accept();  // a descriptor is free again
    retry.expires_after(k_accept_retry);
    retry.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec && self->acceptor.is_open()) self->accept();
    });
  }

  /// Closes the oldest connection still waiting for its request; false when every open one is answering.
  bool evict_oldest_idle() {
    for (auto it = open.begin(); it != open.end(); ++it) {
      auto connection = it->lock();
      if (!connection || connection->answering) continue;
      connection->unlist();
      boost::system::error_code ignored;
      connection->stream.socket().close(ignored);  // its read ends with operation_aborted
      return true;
    }
    return false;
  }

  void serve(tcp::socket socket) {
    if (open.size() >= limits.max_connections && !evict_oldest_idle()) {
      boost::system::error_code ignored;
      socket.close(ignored);  // every slot is busy answering: the newcomer waits for nobody
      return;
    }
    auto connection = std::make_shared<Connection>(shared_from_this(), std::move(socket));
    connection->position = open.insert(open.end(), connection);
    connection->stream.expires_after(limits.timeout);
    http::async_read(connection->stream, connection->buffer, connection->request,
                     [connection](boost::system::error_code ec, std::size_t) noexcept {
                       if (ec) return;  // closed, timed out or evicted
                       connection->answering = true;
                       connection->state->answer(connection);
                     });
  }

  /// Runs the handler; its reply (now, or later on the loop thread) is written to `connection`.
  static void answer(const std::shared_ptr<Connection>& connection) noexcept {
    const auto& request = connection->request;
    auto write = [connection](SmallResponse reply) {
      connection->response = to_response(std::move(reply));
      http::async_write(connection->stream, connection->response, [connection](boost::system::error_code, std::size_t) {
        boost::system::error_code ignored;
        connection->stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
      });
    };
    try {
      SmallRequest in{std::string(request.method_string()), std::string(request.target()), {}, request.body()};
      for (const auto& field : request) in.headers[std::string(field.name_string())] = std::string(field.value());
      connection->state->handler(in, write);
    } catch (const std::exception& e) {
      spdlog::error("http endpoint handler failed target={}: {}", std::string(request.target()), e.what());
      write(SmallResponse{500, "text/plain; charset=utf-8", {}, "internal error\n"});
    }
  }

  static http::response<http::string_body> to_response(SmallResponse reply) {
    http::response<http::string_body> response;
    response.version(11);
    response.keep_alive(false);
    response.result(static_cast<unsigned>(reply.status));
    if (!reply.body.empty() || reply.status == 200) response.set(http::field::content_type, reply.content_type);
    for (const auto& [name, value] : reply.headers) response.set(name, value);
    response.body() = std::move(reply.body);
    response.prepare_payload();
    return response;
  }
};

Result<std::unique_ptr<SmallHttpServer>> SmallHttpServer::listen(boost::asio::io_context& io,
                                                                 const std::string& address, std::uint16_t port,
                                                                 Handler handler, SmallServerLimits limits) {
  return listen_async(
      io, address, port,
      [handler = std::move(handler)](const SmallRequest& request, Reply reply) { reply(handler(request)); }, limits);
}

Result<std::unique_ptr<SmallHttpServer>> SmallHttpServer::listen_async(boost::asio::io_context& io,
                                                                       const std::string& address, std::uint16_t port,
                                                                       AsyncHandler handler, SmallServerLimits limits) {
  auto state = std::make_shared<State>(io, std::move(handler), limits);
  boost::system::error_code ec;
  tcp::endpoint endpoint(boost::asio::ip::make_address(address, ec), port);
  if (!ec) state->acceptor.open(endpoint.protocol(), ec);
  if (!ec) state->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) state->acceptor.bind(endpoint, ec);
  if (!ec) state->acceptor.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ErrorKind::network, fmt::format("cannot listen on {}:{}: {}", address, port, ec.message()));
  state->port = state->acceptor.local_endpoint().port();
  state->accept();
  return std::unique_ptr<SmallHttpServer>(new SmallHttpServer(std::move(state)));
}

SmallHttpServer::SmallHttpServer(std::shared_ptr<State> state) : m_state(std::move(state)) {}

SmallHttpServer::~SmallHttpServer() {
  close();
}

std::uint16_t SmallHttpServer::port() const noexcept {
  return m_state->port;
}

std::size_t SmallHttpServer::connections() const noexcept {
  return m_state->open.size();
}

void SmallHttpServer::close() {
  boost::system::error_code ignored;
  m_state->acceptor.close(ignored);
  m_state->retry.cancel();
}

}  // namespace newswatch
