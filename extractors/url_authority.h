#pragma once
// The authority of a URL reference as a browser reads it, checked before an
// RFC 3986 parser sees it. Parsers disagree on broken authorities: Boost.URL
// reads "https://www.nknews.or:g/x" as an empty port then the path "g/x", and
// removing the port glues a new host together. So the authority is split here
// the WHATWG way (userinfo ends at the last '@'; a port is digits) and rebuilt
// from parts only a hostname can hold; anything else is refused.

#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

/// `ref` (escaped, '\' already '/') with its authority rebuilt: userinfo dropped, host
/// lower-cased, port as a plain number (an empty one dropped); `ref` unchanged when it has
/// no authority. nullopt when the authority is malformed: a port that is not digits or above
/// 65535, a host with characters a hostname cannot hold (percent-encoded or non-ASCII
/// included), a number a browser would rewrite as an IPv4 address, a bad IPv6 literal.
std::optional<std::string> clean_authority(std::string_view ref);

}  // namespace newswatch
