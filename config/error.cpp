#include "config/error.h"

namespace newswatch {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::network: return "network";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::http_status: return "http_status";
    case ErrorKind::parse: return "parse";
    case ErrorKind::storage: return "storage";
    case ErrorKind::config: return "config";
    case ErrorKind::usage: return "usage";
  }
  return "unknown";
}

}  // namespace newswatch
