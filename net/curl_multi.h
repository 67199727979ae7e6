#pragma once
// The curl/Asio bridge: libcurl's multi-socket API driven by one
// boost::asio::io_context, after curl's maintained hiperfifo.c / multi-uv.c.
//
// curl tells us, through CURLMOPT_SOCKETFUNCTION, which sockets it wants
// watched for which direction, and through CURLMOPT_TIMERFUNCTION when it
// next wants to be woken. Each socket gets a non-owning
// posix::stream_descriptor (curl owns the fd: we release(), never close());
// Asio waits are one-shot, so after every readiness event we call
// curl_multi_socket_action and re-arm while curl still wants that direction.
// Nothing calls libcurl from inside a curl callback: the callbacks only
// record state and arm Asio operations, and a 0 ms timeout arms a 0 ms timer.
// Finished transfers are collected from curl_multi_info_read (copied before
// the handle is removed) and their completion runs after curl returned.

#include <cstddef>
#include <memory>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/error.h"
#include "net/curl_handles.h"

namespace newswatch {

/// One easy handle plus whatever its callbacks write into; owned by CurlMulti
/// while in flight.
class CurlTransfer {
 public:
  /// Takes ownership of `easy`; a null handle makes CurlMulti::add fail.
  explicit CurlTransfer(CurlEasy easy) noexcept : m_easy(std::move(easy)) {}
  virtual ~CurlTransfer() = default;
  CurlTransfer(const CurlTransfer&) = delete;
  CurlTransfer& operator=(const CurlTransfer&) = delete;

  /// The easy handle this transfer drives.
  CURL* easy() const noexcept { return m_easy.get(); }

  /// Called once on the loop thread after the handle left the multi handle;
  /// may start new transfers.
  virtual void finish(CURLcode code) noexcept = 0;

 private:
  CurlEasy m_easy;
};

class CurlMulti {
 public:
  /// Drives transfers on `io`; construct, use and destroy on the loop thread.
  explicit CurlMulti(boost::asio::io_context& io);
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  /// Starts `transfer`; fails (network) only when curl refuses the handle.
  Result<void> add(std::unique_ptr<CurlTransfer> transfer);

  /// Transfers in flight.
  std::size_t active() const noexcept { return m_transfers.size(); }

  /// Removes every transfer in flight without calling finish().
  void cancel_all() noexcept;

  /// The loop this multi handle runs on.
  boost::asio::io_context& io() noexcept { return m_io; }

 private:
  struct Watch;

  static int on_socket(CURL* easy, curl_socket_t fd, int what, void* self, void* socketp) noexcept;
  static int on_timer(CURLM* multi, long timeout_ms, void* self) noexcept;

  void watch_socket(curl_socket_t fd, int what);
  void arm(const std::shared_ptr<Watch>& watch, bool write);
  void on_ready(const std::weak_ptr<Watch>& weak, bool write);
  void on_timeout();
  void socket_action(curl_socket_t fd, int events);
  void collect_finished();
  void release_all_watches() noexcept;

  boost::asio::io_context& m_io;
  CurlMultiHandle m_multi;
  std::unordered_map<CurlTransfer*, std::unique_ptr<CurlTransfer>> m_transfers;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> m_watches;
  boost::asio::steady_timer m_timer;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  ///< handlers check it before touching *this
};

}  // namespace newswatch
