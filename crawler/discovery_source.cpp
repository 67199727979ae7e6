#include "crawler/discovery_source.h"

namespace newswatch {

const char* to_string(SourceKind kind) noexcept {
  switch (kind) {
    case SourceKind::feed: return "feed";
    case SourceKind::sitemap: return "sitemap";
    case SourceKind::page: return "page";
  }
  return "?";
}

const char* extractor_for(SourceKind kind) noexcept {
  switch (kind) {
    case SourceKind::feed: return "feed";
    case SourceKind::sitemap: return "sitemap";
    case SourceKind::page: return "auto";
  }
  return "auto";
}

}  // namespace newswatch
