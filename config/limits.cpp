#include "config/limits.h"

#include <utility>

namespace newswatch {

std::string format_byte_size(std::size_t bytes) {
  static constexpr std::pair<std::size_t, const char*> k_units[] = {
      {1u << 30, "GB"}, {1u << 20, "MB"}, {1u << 10, "KB"}};
  for (const auto& [scale, suffix] : k_units) {
    if (bytes >= scale && bytes % scale == 0) return std::to_string(bytes / scale) + suffix;
  }
  return std::to_string(bytes) + "B";
}

const DurationLimit* find_duration_limit(std::string_view key) {
  for (const DurationLimit& limit : k_duration_limits) {
    if (limit.key == key) return &limit;
  }
  return nullptr;
}

const SizeLimit* find_size_limit(std::string_view key) {
  for (const SizeLimit& limit : k_size_limits) {
    if (limit.key == key) return &limit;
  }
  return nullptr;
}

}  // namespace newswatch
