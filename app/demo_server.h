#pragma once
// A small HTTP/1.1 server on loopback for `newswatch demo`: serves pages held
// in memory (replaceable while running, to show a site changing) and records
// the webhook POSTs it receives, like a real receiver would. Built on
// SmallHttpServer; not used by the service itself.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace newswatch {

struct ReceivedPost {
  std::string target;
  std::map<std::string, std::string> headers;
  std::string body;
};

class DemoServer {
 public:
  /// Listens on 127.0.0.1 on an ephemeral port.
  explicit DemoServer(boost::asio::io_context& io);
  ~DemoServer();

  std::uint16_t port() const noexcept;
  /// "http://127.0.0.1:PORT" + path
  std::string url(const std::string& path) const;
  /// Serves `html` at `path` from now on (ETag = content hash, so conditional GETs work).
  void set_page(const std::string& path, std::string html);
  /// Whether ETag and 304 answers are given (default true); off, every GET is a full 200.
  void set_conditional(bool enabled);
  /// The POSTs received so far, in order.
  const std::vector<ReceivedPost>& received() const noexcept;
  /// Stops accepting connections.
  void close();

 private:
  struct State;
  std::shared_ptr<State> m_state;
};

}  // namespace newswatch
