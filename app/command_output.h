#pragma once
// What the read-only commands share when they print: times, store errors, the store itself.

#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "config/error.h"
#include "store/store.h"

namespace newswatch {

/// A unix time as "YYYY-MM-DD HH:MM:SSZ" (UTC); "-" for none.
std::string format_time(std::optional<std::int64_t> t);

/// Opens the configured database read-only, or prints why not and returns null.
std::unique_ptr<Store> open_store_or_report(const Config& config);

/// True when `result` holds a value; otherwise prints its error.
template <class T>
bool report(const Result<T>& result) {
  if (result) return true;
  std::cerr << "newswatch: " << result.error().message << "\n";
  return false;
}

}  // namespace newswatch
