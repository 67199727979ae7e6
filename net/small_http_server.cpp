#include "net/small_http_server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace newswatch {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

struct SmallHttpServer::State : std::enable_shared_from_this<SmallHttpServer::State> {
  State(boost::asio::io_context& io, Handler handler) : acceptor(io), handler(std::move(handler)) {}
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
  Handler handler;

  void accept() {
    acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;  // closed
      self->serve(std::make_shared<tcp::socket>(std::move(socket)));
      self->accept();
    });
  }

  void serve(std::shared_ptr<tcp::socket> socket) {
    auto buffer = std::make_shared<beast::flat_buffer>();
    auto request = std::make_shared<http::request<http::string_body>>();
    http::async_read(*socket, *buffer, *request,
                     [self = shared_from_this(), socket, buffer, request](boost::system::error_code ec, std::size_t) {
                       if (ec) return;
                       auto response = std::make_shared<http::response<http::string_body>>(self->answer(*request));
                       http::async_write(*socket, *response,
                                         [socket, response](boost::system::error_code, std::size_t) {
                                           boost::system::error_code ignored;
                                           socket->shutdown(tcp::socket::shutdown_both, ignored);
                                         });
                     });
  }

  http::response<http::string_body> answer(const http::request<http::string_body>& request) noexcept {
    SmallResponse reply;
    try {
      SmallRequest in{std::string(request.method_string()), std::string(request.target()), {}, request.body()};
      for (const auto& field : request) in.headers[std::string(field.name_string())] = std::string(field.value());
      reply = handler(in);
    } catch (const std::exception& e) {
      spdlog::error("http endpoint handler failed target={}: {}", std::string(request.target()), e.what());
      reply = SmallResponse{500, "text/plain; charset=utf-8", {}, "internal error\n"};
    }
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
                                                                 Handler handler) {
  auto state = std::make_shared<State>(io, std::move(handler));
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

void SmallHttpServer::close() {
  boost::system::error_code ignored;
  m_state->acceptor.close(ignored);
}

}  // namespace newswatch
