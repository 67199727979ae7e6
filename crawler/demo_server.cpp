#include "crawler/demo_server.h"

#include <functional>

#include <fmt/format.h>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace newswatch {

namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;

struct DemoServer::State : std::enable_shared_from_this<DemoServer::State> {
  explicit State(boost::asio::io_context& io)
      : acceptor(io, tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)),
        port(acceptor.local_endpoint().port()) {}
  tcp::acceptor acceptor;
  std::uint16_t port;
  std::map<std::string, std::string> pages;
  std::vector<ReceivedPost> received;
  bool conditional = true;

  void accept() {
    acceptor.async_accept([self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
      if (ec) return;
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

  http::response<http::string_body> answer(const http::request<http::string_body>& request) {
    http::response<http::string_body> response;
    response.version(11);
    response.keep_alive(false);
    std::string target(request.target());
    if (request.method() == http::verb::post) {
      ReceivedPost post{target, {}, request.body()};
      for (const auto& field : request) post.headers[std::string(field.name_string())] = std::string(field.value());
      received.push_back(std::move(post));
      response.result(http::status::ok);
      response.body() = "ok";
    } else if (auto page = pages.find(target); page != pages.end()) {
      std::string etag = fmt::format("\"{:x}\"", std::hash<std::string>{}(page->second));
      if (conditional) response.set(http::field::etag, etag);
      if (conditional && request[http::field::if_none_match] == etag) {
        response.result(http::status::not_modified);
      } else {
        response.result(http::status::ok);
        response.set(http::field::content_type, "text/html; charset=utf-8");
        response.body() = page->second;
      }
    } else {
      response.result(http::status::not_found);
      response.body() = "not found";
    }
    response.prepare_payload();
    return response;
  }
};

DemoServer::DemoServer(boost::asio::io_context& io) : m_state(std::make_shared<State>(io)) {
  m_state->accept();
}

DemoServer::~DemoServer() {
  close();
}

std::uint16_t DemoServer::port() const noexcept {
  return m_state->port;
}

std::string DemoServer::url(const std::string& path) const {
  return fmt::format("http://127.0.0.1:{}{}", port(), path);
}

void DemoServer::set_page(const std::string& path, std::string html) {
  m_state->pages[path] = std::move(html);
}

void DemoServer::set_conditional(bool enabled) {
  m_state->conditional = enabled;
}

const std::vector<ReceivedPost>& DemoServer::received() const noexcept {
  return m_state->received;
}

void DemoServer::close() {
  boost::system::error_code ignored;
  m_state->acceptor.close(ignored);
}

}  // namespace newswatch
