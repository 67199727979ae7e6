#pragma once
// UTF-8 for the extractors and the crawler: well-formedness (text cleaning, feed decoding) and
// conversion from another encoding with glibc iconv (page and feed decoding).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

/// The length of the well-formed UTF-8 sequence at s[i] (Unicode Table 3-7: no overlongs,
/// surrogates or code points above U+10FFFF), or 0 when none starts there.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

/// `in` from encoding `from` (an iconv name) to UTF-8, each rejected unit becoming U+FFFD;
/// nullopt when iconv does not know `from`.
std::optional<std::string> iconv_to_utf8(std::string_view in, const std::string& from);

}  // namespace newswatch
