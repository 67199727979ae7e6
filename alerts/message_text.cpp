#include "alerts/message_text.h"

#include <openssl/evp.h>

#include "alerts/normalize.h"

namespace newswatch {

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

std::string slack_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c == '\r' || c == '\n' || c == '\t' || c == '\0') c = ' ';
  return out;
}

bool is_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string base64(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(data.data()),
                      static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::vector<std::string> encoded_words(std::string_view text, std::size_t max_bytes) {
  std::vector<std::string> words;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t end = pos;
    while (end < text.size()) {
      std::size_t next = end;
      decode_utf8(text, next);
      if (next - pos > max_bytes && end > pos) break;
      end = next;
    }
    words.push_back("=?UTF-8?B?" + base64(text.substr(pos, end - pos)) + "?=");
    pos = end;
  }
  return words;
}

}  // namespace newswatch
