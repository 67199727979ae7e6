// Main-text extraction (extractors/article_text.h) on arbitrary bytes taken as an article page, read with
// each site layout and with none: no crash, no leak, no hang, and the text stays within its bound.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extractors/article_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  for (std::string_view extractor : {"nknews", "joongang", "auto"}) {
    auto text = newswatch::article_text(html, extractor);
    if (text && text->text.size() > newswatch::k_max_article_text_bytes) std::abort();
  }
  return 0;
}
