#include "net/connect_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstdint>
#include <cstring>

#include <exception>

#include <spdlog/spdlog.h>

namespace newswatch {
namespace {

/// `ip` (dotted IPv4 or IPv6 text) and `port` as a sockaddr; false when `ip` is neither (no IP peer).
bool make_sockaddr(const std::string& ip, int port, sockaddr_storage& out) {
  sockaddr_in in{};
  if (inet_pton(AF_INET, ip.c_str(), &in.sin_addr) == 1) {
    in.sin_family = AF_INET;
    in.sin_port = htons(static_cast<std::uint16_t>(port));
    std::memcpy(&out, &in, sizeof in);
    return true;
  }
  sockaddr_in6 in6{};
  if (inet_pton(AF_INET6, ip.c_str(), &in6.sin6_addr) == 1) {
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(static_cast<std::uint16_t>(port));
    std::memcpy(&out, &in6, sizeof in6);
    return true;
  }
  return false;
}

}  // namespace

ConnectGuard::ConnectGuard(AddressPolicy policy, const std::string& request_url)
    : m_mode(policy.private_networks), m_trusted_host(policy_host(policy.trusted_url.value_or(request_url))) {}

bool ConnectGuard::install(CURL* easy) {
  m_easy = easy;
  return curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, &ConnectGuard::on_open) == CURLE_OK &&
         curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, this) == CURLE_OK &&
         curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &ConnectGuard::on_request) == CURLE_OK &&
         curl_easy_setopt(easy, CURLOPT_PREREQDATA, this) == CURLE_OK;
}

std::string ConnectGuard::current_url() const {
  // curl_easy_getinfo only reads the handle; it does not re-enter the transfer.
  char* effective = nullptr;
  curl_easy_getinfo(m_easy, CURLINFO_EFFECTIVE_URL, &effective);
  return effective != nullptr ? effective : "";
}

bool ConnectGuard::permits(const sockaddr& address, const std::string& url) const {
  return decide(m_mode, classify_address(address), policy_host(url), m_trusted_host);
}

curl_socket_t ConnectGuard::on_open(void* self, curlsocktype purpose, curl_sockaddr* address) noexcept {
  auto* guard = static_cast<ConnectGuard*>(self);
  try {
    const std::string url = guard->current_url();
    if (purpose != CURLSOCKTYPE_IPCXN || !guard->permits(address->addr, url)) {
      guard->m_refusal = refusal_message(address->addr, url);
      spdlog::debug("connection refused by address policy: {}", *guard->m_refusal);
      return CURL_SOCKET_BAD;
    }
  } catch (const std::exception& e) {
    spdlog::error("address policy check failed error={}", e.what());
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int ConnectGuard::on_request(void* self, char* peer_ip, char*, int peer_port, int) noexcept {
  auto* guard = static_cast<ConnectGuard*>(self);
  try {
    sockaddr_storage storage{};
    if (!make_sockaddr(peer_ip != nullptr ? peer_ip : "", peer_port, storage)) return CURL_PREREQFUNC_OK;
    const auto& address = reinterpret_cast<const sockaddr&>(storage);
    const std::string url = guard->current_url();
    if (guard->permits(address, url)) return CURL_PREREQFUNC_OK;
    guard->m_refusal = refusal_message(address, url);
    spdlog::debug("request refused by address policy: {}", *guard->m_refusal);
  } catch (const std::exception& e) {
    spdlog::error("address policy check failed error={}", e.what());
  }
  return CURL_PREREQFUNC_ABORT;
}

}  // namespace newswatch
