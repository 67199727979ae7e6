#include "crawler/body_limit.h"

#include <algorithm>

#include "config/limits.h"

namespace newswatch {

std::size_t body_limit(const ServiceConfig& service, std::string_view extractor) {
  if (extractor == "sitemap") return std::max(service.max_body_bytes, k_sitemap_max_inflated_bytes);
  return service.max_body_bytes;
}

}  // namespace newswatch
