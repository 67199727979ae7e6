#pragma once
// The bytes of a feed made fit for libxml2, before it parses anything. Real
// feeds break XML in a few common ways, and libxml2's recover mode answers most
// of them by dropping text; each is repaired here instead, in one linear pass:
//   - encoding: a byte-order mark, else valid UTF-8 as is, else the encoding the
//     XML declaration names, else windows-1252 (what a "latin1" feed really is);
//     the result is always UTF-8 and the declaration is ignored when parsing, so
//     a feed the crawler already transcoded is not decoded twice;
//   - HTML named entities (&nbsp; &eacute; &rsquo;) become character references,
//     and an '&' that starts no reference at all ("AT&T", "?a=1&b=2") becomes &amp;;
//   - control characters XML 1.0 forbids are dropped, U+FFFE/U+FFFF become U+FFFD;
//   - anything before the first '<' (a blank line before <?xml) is dropped;
//   - a DOCTYPE, with its internal subset, is dropped: feeds need no DTD, and
//     without one no entity can expand (billion laughs) or load (XXE).
// CDATA sections and comments are copied untouched apart from control characters.

#include <cstddef>
#include <string>
#include <string_view>

namespace newswatch {

/// `bytes` decoded to UTF-8 as the file comment says; never fails (bad bytes become U+FFFD).
std::string feed_to_utf8(std::string_view bytes);

/// The encoding label of an XML declaration at the start of `text` ("windows-1251"), or "".
std::string xml_declared_encoding(std::string_view text);

/// UTF-8 `text` repaired for an XML parser as the file comment says.
std::string sanitize_feed_xml(std::string_view text);

/// The deepest element nesting of `xml` by its tags (an upper bound: unclosed tags count as open), linear time.
std::size_t xml_depth_bound(std::string_view xml);

}  // namespace newswatch
