#include "app/demo_server.h"

#include <functional>
#include <stdexcept>

#include <fmt/format.h>

#include "net/small_http_server.h"

namespace newswatch {

struct DemoServer::State {
  std::map<std::string, std::string> pages;
  std::vector<ReceivedPost> received;
  bool conditional = true;
  std::unique_ptr<SmallHttpServer> server;

  SmallResponse answer(const SmallRequest& request) {
    if (request.method == "POST") {
      received.push_back(ReceivedPost{request.target, request.headers, request.body});
      return SmallResponse{200, "text/plain; charset=utf-8", {}, "ok"};
    }
    auto page = pages.find(request.target);
    if (page == pages.end()) return SmallResponse{404, "text/plain; charset=utf-8", {}, "not found"};
    SmallResponse response{200, "text/html; charset=utf-8", {}, {}};
    std::string etag = fmt::format("\"{:x}\"", std::hash<std::string>{}(page->second));
    if (conditional) {
      response.headers["ETag"] = etag;
      auto sent = request.headers.find("If-None-Match");
      if (sent != request.headers.end() && sent->second == etag) return SmallResponse{304, "", response.headers, {}};
    }
    response.body = page->second;
    return response;
  }
};

DemoServer::DemoServer(boost::asio::io_context& io) : m_state(std::make_shared<State>()) {
  // A weak reference: a request still queued on the loop must not reach a demo server that is gone.
  auto server =
      SmallHttpServer::listen(io, "127.0.0.1", 0, [weak = std::weak_ptr<State>(m_state)](const SmallRequest& r) {
        auto state = weak.lock();
        return state ? state->answer(r) : SmallResponse{503, "text/plain; charset=utf-8", {}, "stopping"};
      });
  if (!server) throw std::runtime_error(server.error().message);
  m_state->server = std::move(*server);
}

DemoServer::~DemoServer() {
  close();
}

std::uint16_t DemoServer::port() const noexcept {
  return m_state->server->port();
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
  m_state->server->close();
}

}  // namespace newswatch
