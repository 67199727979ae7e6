#include "net/curl_multi.h"

#include <chrono>
#include <exception>
#include <stdexcept>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace newswatch {

namespace asio = boost::asio;

/// The watch over one curl socket: what curl wants, and which one-shot waits
/// are armed. Handlers reach it through a weak_ptr because fds are reused.
struct CurlMulti::Watch {
  Watch(asio::io_context& io, curl_socket_t fd) : descriptor(io, fd), fd(fd) {}

  asio::posix::stream_descriptor descriptor;
  curl_socket_t fd;
  int what = CURL_POLL_NONE;
  bool read_armed = false;
  bool write_armed = false;
};

CurlMulti::CurlMulti(asio::io_context& io) : m_io(io), m_timer(io) {
  curl_global_once();
  m_multi.reset(curl_multi_init());
  if (!m_multi) throw std::runtime_error("curl_multi_init failed");
  curl_multi_setopt(m_multi.get(), CURLMOPT_SOCKETFUNCTION, &CurlMulti::on_socket);
  curl_multi_setopt(m_multi.get(), CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(m_multi.get(), CURLMOPT_TIMERFUNCTION, &CurlMulti::on_timer);
  curl_multi_setopt(m_multi.get(), CURLMOPT_TIMERDATA, this);
}

CurlMulti::~CurlMulti() {
  // Fixed teardown order: easy handles out, multi cleanup (which may still
  // report sockets to remove), then the watches and the timer.
  cancel_all();
  m_multi.reset();
  release_all_watches();
  m_timer.cancel();
}

Result<void> CurlMulti::add(std::unique_ptr<CurlTransfer> transfer) {
  if (!transfer || transfer->easy() == nullptr) return fail(ErrorKind::network, "curl easy handle creation failed");
  CurlTransfer* key = transfer.get();
  curl_easy_setopt(key->easy(), CURLOPT_PRIVATE, key);
  if (CURLMcode rc = curl_multi_add_handle(m_multi.get(), key->easy()); rc != CURLM_OK) {
    return fail(ErrorKind::network, fmt::format("curl_multi_add_handle failed: {}", curl_multi_strerror(rc)));
  }
  m_transfers.emplace(key, std::move(transfer));
  return {};
}

void CurlMulti::cancel_all() noexcept {
  for (auto& [key, transfer] : m_transfers) curl_multi_remove_handle(m_multi.get(), key->easy());
  m_transfers.clear();
}

int CurlMulti::on_socket(CURL*, curl_socket_t fd, int what, void* self, void*) noexcept {
  try {
    static_cast<CurlMulti*>(self)->watch_socket(fd, what);
  } catch (const std::exception& e) {
    spdlog::error("curl socket callback failed fd={} error={}", fd, e.what());
    return -1;  // curl aborts the transfers on this socket
  }
  return 0;
}

int CurlMulti::on_timer(CURLM*, long timeout_ms, void* self) noexcept {
  auto* multi = static_cast<CurlMulti*>(self);
  try {
    if (timeout_ms < 0) {
      multi->m_timer.cancel();
      return 0;
    }
    // Even 0 ms goes through the timer: calling curl from here would re-enter it.
    multi->m_timer.expires_after(std::chrono::milliseconds(timeout_ms));
    multi->m_timer.async_wait([multi, alive = std::weak_ptr<bool>(multi->m_alive)](boost::system::error_code ec) {
      if (ec || alive.expired()) return;
      multi->on_timeout();
    });
  } catch (const std::exception& e) {
    spdlog::error("curl timer callback failed error={}", e.what());
    return -1;
  }
  return 0;
}

void CurlMulti::watch_socket(curl_socket_t fd, int what) {
  auto found = m_watches.find(fd);
  if (what == CURL_POLL_REMOVE) {
    if (found == m_watches.end()) return;
    found->second->what = CURL_POLL_NONE;
    found->second->descriptor.release();  // curl owns the fd: release(), never close()
    m_watches.erase(found);
    return;
  }
  if (found == m_watches.end()) found = m_watches.emplace(fd, std::make_shared<Watch>(m_io, fd)).first;
  const std::shared_ptr<Watch>& watch = found->second;
  watch->what = what;
  if (what & CURL_POLL_IN) arm(watch, false);
  if (what & CURL_POLL_OUT) arm(watch, true);
}

void CurlMulti::arm(const std::shared_ptr<Watch>& watch, bool write) {
  bool& armed = write ? watch->write_armed : watch->read_armed;
  if (armed) return;  // one wait per direction; it re-arms itself
  armed = true;
  auto direction = write ? asio::posix::stream_descriptor::wait_write : asio::posix::stream_descriptor::wait_read;
  watch->descriptor.async_wait(
      direction, [this, weak = std::weak_ptr<Watch>(watch), write](boost::system::error_code ec) noexcept {
        auto locked = weak.lock();  // expired: curl removed the socket (the fd may be reused)
        if (!locked) return;
        (write ? locked->write_armed : locked->read_armed) = false;
        if (ec) return;
        try {
          on_ready(weak, write);
        } catch (const std::exception& e) {
          spdlog::error("curl socket event failed error={}", e.what());
        }
      });
}

void CurlMulti::on_ready(const std::weak_ptr<Watch>& weak, bool write) {
  std::shared_ptr<Watch> watch = weak.lock();
  const int wanted = write ? CURL_POLL_OUT : CURL_POLL_IN;
  if (!(watch->what & wanted)) return;  // stale: curl changed its mind since we armed
  std::weak_ptr<bool> alive = m_alive;
  socket_action(watch->fd, write ? CURL_CSELECT_OUT : CURL_CSELECT_IN);
  if (alive.expired()) return;  // a completion handler destroyed us
  auto current = m_watches.find(watch->fd);
  if (current == m_watches.end() || current->second != watch) return;
  if (watch->what & wanted) arm(watch, write);
}

void CurlMulti::on_timeout() {
  try {
    socket_action(CURL_SOCKET_TIMEOUT, 0);
  } catch (const std::exception& e) {
    spdlog::error("curl timeout handling failed error={}", e.what());
  }
}

void CurlMulti::socket_action(curl_socket_t fd, int events) {
  int running = 0;
  if (CURLMcode rc = curl_multi_socket_action(m_multi.get(), fd, events, &running); rc != CURLM_OK) {
    spdlog::error("curl_multi_socket_action failed error={}", curl_multi_strerror(rc));
  }
  collect_finished();
}

void CurlMulti::collect_finished() {
  // Copy each message and remove its handle before calling anyone: the
  // message memory dies with the handle, and handlers may add or cancel.
  std::vector<std::pair<std::unique_ptr<CurlTransfer>, CURLcode>> finished;
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(m_multi.get(), &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* easy = msg->easy_handle;
    CURLcode code = msg->data.result;
    CurlTransfer* key = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &key);
    curl_multi_remove_handle(m_multi.get(), easy);
    auto node = m_transfers.extract(key);
    if (!node.empty()) finished.emplace_back(std::move(node.mapped()), code);
  }
  std::weak_ptr<bool> alive = m_alive;
  for (auto& [transfer, code] : finished) {
    if (alive.expired()) return;  // destroyed by an earlier handler: the rest are abandoned
    transfer->finish(code);
  }
}

void CurlMulti::release_all_watches() noexcept {
  for (auto& [fd, watch] : m_watches) {
    watch->what = CURL_POLL_NONE;
    watch->descriptor.release();  // never close: the fd was curl's
  }
  m_watches.clear();
}

}  // namespace newswatch
