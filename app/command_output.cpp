#include "app/command_output.h"

#include <ctime>

namespace newswatch {

std::string format_time(std::optional<std::int64_t> t) {
  if (!t) return "-";
  std::time_t seconds = static_cast<std::time_t>(*t);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buffer;
}

std::unique_ptr<Store> open_store_or_report(const Config& config) {
  auto store = open_store(config.service.database, StoreAccess::read_only, StoreSecrets{config.service.password_file});
  if (!store) {
    std::cerr << "newswatch: " << store.error().message << "\n";
    return nullptr;
  }
  return std::move(*store);
}

}  // namespace newswatch
