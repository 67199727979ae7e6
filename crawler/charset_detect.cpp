#include "crawler/charset_detect.h"

#include <unicode/ucsdet.h>

#include <cctype>
#include <climits>
#include <memory>

#include "config/c_handle.h"
#include "crawler/charset.h"
#include "extractors/utf8.h"

namespace newswatch {
namespace {

using Detector = std::unique_ptr<UCharsetDetector, Free<ucsdet_close>>;

/// The first k_detect_bytes of `body`, without a multi-byte sequence the bound cut in two.
std::string_view detect_sample(std::string_view body) {
  if (body.size() <= k_detect_bytes) return body;
  std::string_view sample = body.substr(0, k_detect_bytes);
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(sample[i]); };
  std::size_t end = sample.size();
  while (end > sample.size() - 4 && byte(end - 1) >= 0x80 && byte(end - 1) < 0xC0) --end;  // continuation bytes
  if (end > 0 && byte(end - 1) >= 0xC0) return sample.substr(0, end - 1);                  // their lead byte
  return sample;
}

/// The iconv name of an ICU detector result when it is an encoding a web page may be in; "" otherwise.
std::string usable_name(const char* icu_name) {
  std::string label(icu_name ? icu_name : "");
  for (char& c : label) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string_view name = iconv_name_for(label);
  if (name.empty() || name == "UTF-8" || name.starts_with("UTF-16")) return "";
  return std::string(name);
}

}  // namespace

Utf8Census utf8_census(std::string_view body) {
  const std::string_view sample = detect_sample(body);
  Utf8Census census;
  for (std::size_t i = 0; i < sample.size();) {
    if (static_cast<unsigned char>(sample[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(sample, i);
    if (length == 0) {
      ++census.non_ascii;
      ++census.invalid;
      ++i;
      continue;
    }
    census.non_ascii += length;
    ++census.multibyte;
    i += length;
  }
  return census;
}

std::string detect_legacy_charset(std::string_view body) {
  const std::string_view sample = detect_sample(body);
  UErrorCode status = U_ZERO_ERROR;
  Detector detector(ucsdet_open(&status));
  if (U_FAILURE(status) || !detector) return "";
  ucsdet_enableInputFilter(detector.get(), true);  // judge the text, not the tags and attributes around it
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t found = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(detector.get(), &found, &status);
  if (U_FAILURE(status) || !matches) return "";
  // Best first: the first usable candidate decides, if ICU is sure enough of it.
  for (int32_t i = 0; i < found; ++i) {
    std::string name = usable_name(ucsdet_getName(matches[i], &status));
    if (U_FAILURE(status)) return "";
    if (name.empty()) continue;
    return ucsdet_getConfidence(matches[i], &status) >= k_min_detect_confidence && U_SUCCESS(status) ? name : "";
  }
  return "";
}

}  // namespace newswatch
