#pragma once
// JSON from a page or a feed is written by strangers: its nesting is measured before nlohmann parses
// it, in one linear pass over the brackets outside strings, so a hostile document is refused cheaply.

#include <cstddef>
#include <string_view>

namespace newswatch {

/// The deepest nesting of '{' and '[' in `text` outside JSON strings (exact for valid JSON; an upper bound
/// otherwise), stopping early once it passes `stop_after`.
std::size_t json_depth(std::string_view text, std::size_t stop_after) noexcept;

}  // namespace newswatch
