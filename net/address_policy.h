#pragma once
// Which addresses an outgoing connection may reach (STYLE.md "Hostile input").
//
// A crawled page, a redirect or a DNS answer can point the crawler at the
// machine itself or at the network behind it (127.0.0.1, 10.0.0.0/8, the
// cloud metadata service at 169.254.169.254, ...). classify_address() sorts
// an address into global or one of the non-public classes; decide() says
// whether a connection for a URL on some host may go there. The check runs
// where the socket is opened (CURLOPT_OPENSOCKETFUNCTION in http_client.cpp),
// so every redirect hop and every address a name resolves to passes it.
//
// Modes ([service] private_networks):
//   site_only  non-public addresses only for the trusted host: the host the
//              site's configured URL names (an intranet site, a local relay);
//              a redirect from there to any other non-public host is refused
//   allow      everything
//   deny       no non-public address, not even the configured host's
// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64
// (64:ff9b::a.b.c.d) IPv6 addresses are judged by the IPv4 address inside.

#include <optional>
#include <string>
#include <string_view>

#include <sys/socket.h>

#include "config/config.h"

namespace newswatch {

enum class AddressClass {
  global,       ///< anything not below: a public address
  loopback,     ///< 127.0.0.0/8, ::1
  private_use,  ///< RFC 1918, 100.64.0.0/10 (CGNAT), fc00::/7 (ULA), fec0::/10
  link_local,   ///< 169.254.0.0/16 (cloud metadata), fe80::/10
  unspecified,  ///< 0.0.0.0/8, ::
  multicast,    ///< 224.0.0.0/4, ff00::/8
  broadcast,    ///< 255.255.255.255
  reserved,     ///< 240.0.0.0/4, and families other than IPv4 and IPv6
};

/// The class of `address` (an AF_INET sockaddr_in or AF_INET6 sockaddr_in6; other families are reserved).
AddressClass classify_address(const sockaddr& address) noexcept;

/// "loopback", "private", "link-local", ... for messages.
const char* to_string(AddressClass kind) noexcept;

/// "127.0.0.1:8080" or "[::1]:8080"; "(unknown address)" for other families.
std::string format_address(const sockaddr& address);

/// What one transfer may connect to.
struct AddressPolicy {
  PrivateNetworks private_networks = PrivateNetworks::site_only;
  /// site_only: the URL whose host may have non-public addresses (the site's configured URL);
  /// nullopt: the request's own URL (a notifier's configured URL).
  std::optional<std::string> trusted_url;
};

/// The host of `url` as compared by decide(): lower case, no brackets, no trailing dot; empty when unparsable.
std::string policy_host(std::string_view url);

/// Whether a connection to an address of class `kind`, opened for a URL on `host`, is allowed when
/// `trusted_host` is the policy's trusted host (both as policy_host() returns them).
bool decide(PrivateNetworks mode, AddressClass kind, std::string_view host, std::string_view trusted_host) noexcept;

/// The error text for a refused connection: names the address, the URL and the setting.
std::string refusal_message(const sockaddr& address, std::string_view url);

}  // namespace newswatch
