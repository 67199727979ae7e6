#pragma once
// The address policy applied where curl opens a socket: installed as
// CURLOPT_OPENSOCKETFUNCTION on every transfer, so it sees each address curl
// tries, for the first request and every redirect hop curl follows. A refused
// address makes curl try the next one, or fail with CURLE_COULDNT_CONNECT.
// curl also reuses connections other transfers opened (under another site's
// policy), which opens no socket: CURLOPT_PREREQFUNCTION checks the peer
// address of every request, reused connection or not, before it is sent.
// The guard remembers a refusal so the transfer's error can name the address
// and the URL instead of curl's "couldn't connect".

#include <optional>
#include <string>

#include <curl/curl.h>

#include "net/address_policy.h"

namespace newswatch {

class ConnectGuard {
 public:
  /// Guards connections of `easy` for a request to `request_url` under `policy`.
  ConnectGuard(AddressPolicy policy, const std::string& request_url);

  /// Installs the guard on `easy`; the guard must outlive the transfer. False when curl refused the option.
  bool install(CURL* easy);

  /// Why the last refused connection was refused (address, URL); nullopt when none was.
  const std::optional<std::string>& refusal() const noexcept { return m_refusal; }

  /// Whether a transfer that ended with `code` ended because the guard refused.
  bool refused(CURLcode code) const noexcept {
    return m_refusal && (code == CURLE_COULDNT_CONNECT || code == CURLE_ABORTED_BY_CALLBACK);
  }

 private:
  static curl_socket_t on_open(void* self, curlsocktype purpose, curl_sockaddr* address) noexcept;
  static int on_request(void* self, char* peer_ip, char* local_ip, int peer_port, int local_port) noexcept;
  /// The URL curl is connecting or sending for (it moves to each redirect hop before connecting).
  std::string current_url() const;
  bool permits(const sockaddr& address, const std::string& url) const;

  PrivateNetworks m_mode;
  std::string m_trusted_host;
  CURL* m_easy = nullptr;
  std::optional<std::string> m_refusal;
};

}  // namespace newswatch
