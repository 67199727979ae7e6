// Durations and byte sizes as the config spells them. A duration is one or
// more <digits><unit> segments with units d, h, m, s in that order, each at
// most once ("1h30m"); anything else (no unit, spaces, signs, "10 minutes",
// "ms") is rejected rather than guessed at, because a misread interval would
// silently hammer a site or never crawl it.

#include <array>
#include <cstdint>
#include <limits>

#include "config/config.h"

namespace newswatch {
namespace {

struct Unit {
  char letter;
  std::int64_t seconds;
};
constexpr std::array<Unit, 4> k_units{{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

// Accumulates value * scale into total; false on overflow.
bool add_scaled(std::int64_t& total, std::int64_t value, std::int64_t scale) {
  constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
  if (value > max / scale) return false;
  if (total > max - value * scale) return false;
  total += value * scale;
  return true;
}

// Reads a run of decimal digits starting at pos; nullopt when there are none or it overflows.
std::optional<std::int64_t> read_digits(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  std::int64_t value = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    const int digit = text[pos] - '0';
    if (value > (std::numeric_limits<std::int64_t>::max() - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
    ++pos;
  }
  if (pos == start) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Seconds> parse_duration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t pos = 0;
  std::size_t next_unit = 0;  // units must come in k_units order, each once
  while (pos < text.size()) {
    auto value = read_digits(text, pos);
    if (!value || pos >= text.size()) return std::nullopt;
    const char letter = text[pos++];
    std::size_t u = next_unit;
    while (u < k_units.size() && k_units[u].letter != letter) ++u;
    if (u == k_units.size()) return std::nullopt;
    if (!add_scaled(total, *value, k_units[u].seconds)) return std::nullopt;
    next_unit = u + 1;
  }
  return Seconds{total};
}

std::string format_duration(Seconds duration) {
  std::int64_t left = duration.count();
  if (left <= 0) return "0s";
  std::string out;
  for (const Unit& unit : k_units) {
    if (left >= unit.seconds) {
      out += std::to_string(left / unit.seconds);
      out += unit.letter;
      left %= unit.seconds;
    }
  }
  return out;
}

std::string duration_as_written(const std::string& written, Seconds value) {
  return written.empty() ? format_duration(value) : written;
}

std::optional<std::size_t> parse_byte_size(std::string_view text) {
  std::size_t pos = 0;
  auto value = read_digits(text, pos);
  if (!value) return std::nullopt;
  std::string_view suffix = text.substr(pos);
  std::int64_t scale = 1;
  if (!suffix.empty()) {
    switch (suffix.front()) {
      case 'K':
      case 'k':
        scale = std::int64_t{1} << 10;
        suffix.remove_prefix(1);
        break;
      case 'M':
        scale = std::int64_t{1} << 20;
        suffix.remove_prefix(1);
        break;
      case 'G':
        scale = std::int64_t{1} << 30;
        suffix.remove_prefix(1);
        break;
      default: break;
    }
    if (scale > 1 && suffix.starts_with("i")) suffix.remove_prefix(1);
    if (suffix == "B") suffix.remove_prefix(1);
    if (!suffix.empty()) return std::nullopt;
  }
  std::int64_t total = 0;
  if (!add_scaled(total, *value, scale)) return std::nullopt;
  return static_cast<std::size_t>(total);
}

}  // namespace newswatch
