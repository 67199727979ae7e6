#pragma once
// A small HTTP/1.1 server on the event loop (Boost.Beast): one request per
// connection, answered by a handler on the loop thread (at once, or later
// through listen_async when the answer needs another thread's work). Serves the health and
// metrics endpoint (`listen`) and the demo's sample sites; not a general web
// server: no keep-alive, no streaming, bodies held in memory.
//
// It must keep answering a liveness probe while someone holds connections
// open (STYLE.md "Hostile input"): each connection has one deadline for
// reading its request and writing the answer; at most max_connections are
// open, and a newcomer over the cap closes the oldest connection that has not
// finished sending its request (an idle one), so a fresh probe always gets in;
// an accept error (out of file descriptors, ...) is logged and accepting goes
// on: first by closing the oldest idle connection, else after a short pause.

#include <chrono>
#include <cstddef>
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

struct SmallServerLimits {
  std::size_t max_connections = 64;          ///< open at once; a newcomer closes the oldest idle one
  std::chrono::milliseconds timeout{10000};  ///< per connection: read the request and write the answer
};

class SmallHttpServer {
 public:
  using Handler = std::function<SmallResponse(const SmallRequest&)>;
  using Reply = std::function<void(SmallResponse)>;
  /// Answers later (after work on another thread): calls `reply` once, on the loop thread. A reply that never
  /// comes ends with the connection's deadline.
  using AsyncHandler = std::function<void(const SmallRequest&, Reply reply)>;

  /// Listens on `address`:`port` (port 0 picks a free one); fails (network) naming the address.
  static Result<std::unique_ptr<SmallHttpServer>> listen(boost::asio::io_context& io, const std::string& address,
                                                         std::uint16_t port, Handler handler,
                                                         SmallServerLimits limits = {});
  /// listen() for a handler that answers later.
  static Result<std::unique_ptr<SmallHttpServer>> listen_async(boost::asio::io_context& io, const std::string& address,
                                                               std::uint16_t port, AsyncHandler handler,
                                                               SmallServerLimits limits = {});
  ~SmallHttpServer();

  std::uint16_t port() const noexcept;
  /// Connections open now (accepted, not yet closed).
  std::size_t connections() const noexcept;
  /// Stops accepting; requests being answered finish.
  void close();

 private:
  struct State;
  explicit SmallHttpServer(std::shared_ptr<State> state);
  std::shared_ptr<State> m_state;
};

}  // namespace newswatch
