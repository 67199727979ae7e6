#pragma once
// A small HTTP/1.1 server on the event loop (Boost.Beast): one request per
// connection, answered by a handler on the loop thread. Serves the health and
// metrics endpoint (`listen`) and the demo's sample sites; not a general web
// server: no keep-alive, no streaming, bodies held in memory.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "config/error.h"

namespace newswatch {

struct SmallRequest {
  std::string method;  ///< "GET", "POST", ...
  std::string target;  ///< path and query
  std::map<std::string, std::string> headers;
  std::string body;
};

struct SmallResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::map<std::string, std::string> headers;
  std::string body;
};

class SmallHttpServer {
 public:
  using Handler = std::function<SmallResponse(const SmallRequest&)>;

  /// Listens on `address`:`port` (port 0 picks a free one); fails (network) naming the address.
  static Result<std::unique_ptr<SmallHttpServer>> listen(boost::asio::io_context& io, const std::string& address,
                                                         std::uint16_t port, Handler handler);
  ~SmallHttpServer();

  std::uint16_t port() const noexcept;
  /// Stops accepting; requests being answered finish.
  void close();

 private:
  struct State;
  explicit SmallHttpServer(std::shared_ptr<State> state);
  std::shared_ptr<State> m_state;
};

}  // namespace newswatch
