#pragma once
// Small text pieces every alert format needs: joining lists, keeping header
// values on one line, and RFC 2047 encoded-words for non-ASCII header values
// (mail's Subject, ntfy's Title). One copy, so a fix to header injection or to
// cutting inside a character reaches every channel.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch {

/// `parts` joined by `separator` ("a, b, c").
std::string join(const std::vector<std::string>& parts, std::string_view separator);

/// `text` with &, < and > escaped as Slack's mrkdwn needs (they would otherwise open links and mentions).
std::string slack_escape(std::string_view text);

/// `text` with CR, LF, TAB and NUL turned into spaces: a header value that cannot start another header.
std::string one_line(std::string_view text);

/// True when every byte of `text` is below 0x80.
bool is_ascii(std::string_view text);

/// Standard base64 (RFC 4648, padded).
std::string base64(std::string_view data);

/// UTF-8 `text` as "=?UTF-8?B?...?=" encoded-words of at most `max_bytes` source bytes each,
/// split between code points (a code point longer than `max_bytes` still gets a word of its own).
std::vector<std::string> encoded_words(std::string_view text, std::size_t max_bytes);

}  // namespace newswatch
