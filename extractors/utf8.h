#pragma once
// UTF-8 well-formedness, one definition for the extractors (text cleaning, feed decoding).

#include <cstddef>
#include <string_view>

namespace newswatch {

/// The length of the well-formed UTF-8 sequence at s[i] (Unicode Table 3-7: no overlongs,
/// surrogates or code points above U+10FFFF), or 0 when none starts there.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

}  // namespace newswatch
