#include "net/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "net/curl_handles.h"

namespace newswatch {
namespace {

/// One row of the IPv4 table: the network (host order) and its prefix length.
struct V4Range {
  std::uint32_t network;
  int prefix;
  AddressClass kind;
};

constexpr std::uint32_t v4(unsigned a, unsigned b, unsigned c, unsigned d) {
  return (a << 24) | (b << 16) | (c << 8) | d;
}

// First match wins: the broadcast address sits inside 240.0.0.0/4.
constexpr std::array<V4Range, 11> k_v4_ranges{{
    {v4(0, 0, 0, 0), 8, AddressClass::unspecified},
    {v4(127, 0, 0, 0), 8, AddressClass::loopback},
    {v4(10, 0, 0, 0), 8, AddressClass::private_use},
    {v4(172, 16, 0, 0), 12, AddressClass::private_use},
    {v4(192, 168, 0, 0), 16, AddressClass::private_use},
    {v4(100, 64, 0, 0), 10, AddressClass::private_use},
    {v4(169, 254, 0, 0), 16, AddressClass::link_local},
    {v4(224, 0, 0, 0), 4, AddressClass::multicast},
    {v4(255, 255, 255, 255), 32, AddressClass::broadcast},
    {v4(240, 0, 0, 0), 4, AddressClass::reserved},
    {v4(192, 0, 0, 0), 24, AddressClass::reserved},  // IETF protocol assignments
}};

AddressClass classify_v4(std::uint32_t address) noexcept {
  for (const V4Range& range : k_v4_ranges) {
    const std::uint32_t mask = range.prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - range.prefix);
    if ((address & mask) == range.network) return range.kind;
  }
  return AddressClass::global;
}

std::uint32_t embedded_v4(const unsigned char* bytes) noexcept {
  return (std::uint32_t{bytes[12]} << 24) | (std::uint32_t{bytes[13]} << 16) | (std::uint32_t{bytes[14]} << 8) |
         bytes[15];
}

AddressClass classify_v6(const unsigned char* b) noexcept {
  static constexpr unsigned char k_zero[16] = {};
  static constexpr unsigned char k_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  static constexpr unsigned char k_nat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, k_zero, 16) == 0) return AddressClass::unspecified;
  if (std::memcmp(b, k_zero, 15) == 0 && b[15] == 1) return AddressClass::loopback;
  // The kernel, or a NAT64 gateway, would connect to the IPv4 address inside: judge that one.
  if (std::memcmp(b, k_mapped, 12) == 0 || std::memcmp(b, k_zero, 12) == 0 || std::memcmp(b, k_nat64, 12) == 0)
    return classify_v4(embedded_v4(b));
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::private_use;                  // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::link_local;   // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::private_use;  // fec0::/10
  if (b[0] == 0xff) return AddressClass::multicast;                             // ff00::/8
  return AddressClass::global;
}

}  // namespace

AddressClass classify_address(const sockaddr& address) noexcept {
  if (address.sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &address, sizeof in);
    return classify_v4(ntohl(in.sin_addr.s_addr));
  }
  if (address.sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &address, sizeof in6);
    return classify_v6(in6.sin6_addr.s6_addr);
  }
  return AddressClass::reserved;
}

const char* to_string(AddressClass kind) noexcept {
  switch (kind) {
    case AddressClass::global: return "public";
    case AddressClass::loopback: return "loopback";
    case AddressClass::private_use: return "private";
    case AddressClass::link_local: return "link-local";
    case AddressClass::unspecified: return "unspecified";
    case AddressClass::multicast: return "multicast";
    case AddressClass::broadcast: return "broadcast";
    case AddressClass::reserved: return "reserved";
  }
  return "reserved";
}

std::string format_address(const sockaddr& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, &address, sizeof in);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
    return fmt::format("{}:{}", text, ntohs(in.sin_port));
  }
  if (address.sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, &address, sizeof in6);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
    return fmt::format("[{}]:{}", text, ntohs(in6.sin6_port));
  }
  return "(unknown address)";
}

std::string policy_host(std::string_view url) {
  CurlUrl parsed(curl_url());
  if (!parsed || curl_url_set(parsed.get(), CURLUPART_URL, std::string(url).c_str(), 0) != CURLUE_OK) return {};
  char* raw = nullptr;
  if (curl_url_get(parsed.get(), CURLUPART_HOST, &raw, 0) != CURLUE_OK || raw == nullptr) return {};
  CurlString owner(raw);
  std::string host(raw);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  while (!host.empty() && host.back() == '.') host.pop_back();
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

bool decide(PrivateNetworks mode, AddressClass kind, std::string_view host, std::string_view trusted_host) noexcept {
  if (kind == AddressClass::global || mode == PrivateNetworks::allow) return true;
  if (mode == PrivateNetworks::deny) return false;
  return !host.empty() && host == trusted_host;
}

std::string refusal_message(const sockaddr& address, std::string_view url) {
  return fmt::format("refused to connect to {} for URL {} ({} address; see [service] private_networks)",
                     format_address(address), url, to_string(classify_address(address)));
}

}  // namespace newswatch
