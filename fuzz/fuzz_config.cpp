// Config loading on arbitrary text: the input is written to a temp file and
// loaded the way the service loads it. A bad file throws ConfigError (with
// its diagnostics); anything else escaping, or a crash, is a finding.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.h"

namespace {

/// One temp file per process, rewritten for every input, removed at exit.
const std::filesystem::path& temp_path() {
  static const std::filesystem::path path = [] {
    auto p = std::filesystem::temp_directory_path() / ("newswatch-fuzz-config-" + std::to_string(getpid()) + ".toml");
    std::atexit([] { std::remove(temp_path().c_str()); });
    return p;
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  {
    std::ofstream out(temp_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    auto config = newswatch::load_config(temp_path());
    for (const auto& site : config.sites) (void)newswatch::format_duration(site.interval);
  } catch (const newswatch::ConfigError& e) {
    for (const auto& d : e.diagnostics()) (void)d.to_string();
  }
  return 0;
}
