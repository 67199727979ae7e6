#include "net/curl_error_text.h"

#include <algorithm>
#include <cctype>

namespace newswatch {
namespace {

/// Codes whose error buffer, when curl fills it, is the short text made specific.
constexpr CURLcode k_restated[] = {
    CURLE_COULDNT_RESOLVE_HOST,   // "Could not resolve host: NAME"
    CURLE_COULDNT_RESOLVE_PROXY,  // "Could not resolve proxy: NAME"
    CURLE_COULDNT_CONNECT,        // "Failed to connect to HOST port N after T ms: Connection refused"
    CURLE_OPERATION_TIMEDOUT,     // "Connection timed out after T milliseconds" / "Operation timed out ..."
};

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         });
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

}  // namespace

std::string curl_error_text(CURLcode code, std::string_view buffer) {
  const std::string_view brief = curl_easy_strerror(code);
  buffer = trimmed(buffer);
  if (buffer.empty()) return std::string(brief);
  if (starts_with_ignoring_case(buffer, brief)) return std::string(buffer);
  if (std::find(std::begin(k_restated), std::end(k_restated), code) != std::end(k_restated)) return std::string(buffer);
  return std::string(brief) + ": " + std::string(buffer);
}

}  // namespace newswatch
