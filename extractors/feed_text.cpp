#include "extractors/feed_text.h"

#include <libxml/HTMLparser.h>

#include <array>
#include <cerrno>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "config/ascii.h"
#include "extractors/utf8.h"

namespace newswatch {
namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD

using ascii::is_space;
using ascii::lower;
bool is_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Counts of well-formed multi-byte sequences and of bytes that start none.
struct Utf8Census {
  std::size_t multibyte = 0, invalid = 0;
};

Utf8Census utf8_census(std::string_view s) noexcept {
  Utf8Census census;
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {  // the ASCII fast path: most of any feed
      ++i;
      continue;
    }
    std::size_t len = utf8_sequence_length(s, i);
    if (len == 0)
      ++census.invalid, len = 1;
    else if (len > 1)
      ++census.multibyte;
    i += len;
  }
  return census;
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += k_replacement;
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

struct Alias {
  std::string_view label;
  std::string_view iconv;
};

// Labels iconv reads differently from browsers: latin1 and ASCII are windows-1252, as browsers read them.
constexpr Alias k_aliases[] = {
    {"iso-8859-1", "CP1252"}, {"iso8859-1", "CP1252"},     {"iso_8859-1", "CP1252"},
    {"latin1", "CP1252"},     {"us-ascii", "CP1252"},      {"ascii", "CP1252"},
    {"euc-kr", "CP949"},      {"ks_c_5601-1987", "CP949"}, {"shift_jis", "CP932"},
    {"sjis", "CP932"},        {"gb2312", "GB18030"},       {"gbk", "GB18030"},
    {"utf-8", "UTF-8"},       {"utf8", "UTF-8"},           {"", "UTF-8"},
};

// The iconv name for a declared label (lower-cased as is when iconv may know it).
std::string iconv_name(std::string_view declared) {
  std::string label;
  for (char c : declared) label += lower(c);
  for (const Alias& alias : k_aliases)
    if (alias.label == label) return std::string(alias.iconv);
  return label;
}

bool is_forbidden_control(char c) noexcept {
  const unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

// Copies `s` from `i` up to and including `end_mark`, dropping control characters; returns the next index.
std::size_t copy_section(std::string_view s, std::size_t i, std::string_view end_mark, std::string& out) {
  std::size_t end = s.find(end_mark, i);
  end = end == std::string_view::npos ? s.size() : end + end_mark.size();
  std::size_t run = i;  // copied in runs: sections are long (whole articles in CDATA)
  for (; i < end; ++i) {
    if (!is_forbidden_control(s[i])) continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
  }
  out.append(s.substr(run, end - run));
  return end;
}

// The index after a DOCTYPE starting at `i` (its internal subset and quoted strings included).
std::size_t skip_doctype(std::string_view s, std::size_t i) {
  char quote = 0;
  bool subset = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[') {
      subset = true;
    } else if (c == ']') {
      subset = false;
    } else if (c == '>' && !subset) {
      return i + 1;
    }
  }
  return s.size();
}

bool is_xml_char(std::uint32_t cp) noexcept {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Handles the '&' at `i`: a reference XML knows is kept, an HTML one becomes a numeric reference,
// anything else is a literal ampersand. Returns the next index.
std::size_t copy_reference(std::string_view s, std::size_t i, std::string& out) {
  std::size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    const bool hex = j + 1 < s.size() && (s[j + 1] == 'x' || s[j + 1] == 'X');
    std::size_t k = j + (hex ? 2 : 1);
    std::uint32_t cp = 0;
    std::size_t digits = 0;
    for (; k < s.size() && digits < 8; ++k, ++digits) {
      const char c = lower(s[k]);
      const int v = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (v < 0) break;
      cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
    }
    if (digits > 0 && k < s.size() && s[k] == ';') {
      if (is_xml_char(cp))
        out.append(s.substr(i, k + 1 - i));
      else
        out += "&#xFFFD;";
      return k + 1;
    }
    out += "&amp;";
    return i + 1;
  }
  std::size_t k = j;
  while (k < s.size() && k - j < 32 && is_name_char(s[k])) ++k;
  if (k > j && k < s.size() && s[k] == ';') {
    const std::string name(s.substr(j, k - j));
    if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") {
      out.append(s.substr(i, k + 1 - i));
      return k + 1;
    }
    if (const htmlEntityDesc* entity = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()))) {
      out += fmt::format("&#{};", entity->value);
      return k + 1;
    }
  }
  out += "&amp;";
  return i + 1;
}

bool starts_with_ci(std::string_view s, std::size_t i, std::string_view prefix) noexcept {
  if (s.size() - i < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k)
    if (lower(s[i + k]) != prefix[k]) return false;
  return true;
}

}  // namespace

std::string xml_declared_encoding(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  if (!text.starts_with("<?xml")) return "";
  const std::string_view decl = text.substr(0, text.find("?>"));
  const std::size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return "";
  std::size_t i = at + 8;
  while (i < decl.size() && (is_space(decl[i]) || decl[i] == '=')) ++i;
  if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) return "";
  const char quote = decl[i++];
  const std::size_t end = decl.find(quote, i);
  return end == std::string_view::npos ? "" : std::string(decl.substr(i, end - i));
}

std::string feed_to_utf8(std::string_view bytes) {
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  const bool le = bytes.starts_with("\xFF\xFE") || bytes.starts_with(std::string_view("<\0?\0", 4));
  const bool be = bytes.starts_with("\xFE\xFF") || bytes.starts_with(std::string_view("\0<\0?", 4));
  if (le || be) {
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) bytes.remove_prefix(2);
    return iconv_to_utf8(bytes, le ? "UTF-16LE" : "UTF-16BE").value_or("");
  }
  const Utf8Census census = utf8_census(bytes);
  if (census.invalid == 0) return std::string(bytes);  // UTF-8 (or ASCII) whatever the declaration says
  const std::string declared = iconv_name(xml_declared_encoding(bytes));
  const bool says_utf8 = declared == "UTF-8";
  // A feed that says (or implies) UTF-8: mostly-UTF-8 bytes with a few bad ones are repaired in place,
  // anything else is the classic mislabelled latin1 feed.
  if (says_utf8 && census.multibyte >= census.invalid) return repair_utf8(bytes);
  if (auto out = iconv_to_utf8(bytes, says_utf8 ? std::string("CP1252") : declared)) return *out;
  return iconv_to_utf8(bytes, "CP1252").value_or(repair_utf8(bytes));
}

std::string sanitize_feed_xml(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 16);
  std::size_t i = s.find('<');
  if (i == std::string_view::npos) return out;
  while (i < s.size()) {
    const char c = s[i];
    if (c == '<' && s.compare(i, 9, "<![CDATA[") == 0) {
      i = copy_section(s, i, "]]>", out);
    } else if (c == '<' && s.compare(i, 4, "<!--") == 0) {
      i = copy_section(s, i, "-->", out);
    } else if (c == '<' && starts_with_ci(s, i, "<!doctype")) {
      i = skip_doctype(s, i);
    } else if (c == '&') {
      i = copy_reference(s, i, out);
    } else if (is_forbidden_control(c)) {
      ++i;  // XML 1.0 forbids C0 controls even as references
    } else if (c == '\xEF' && i + 2 < s.size() && s[i + 1] == '\xBF' && (s[i + 2] == '\xBE' || s[i + 2] == '\xBF')) {
      out += k_replacement;  // U+FFFE, U+FFFF: not XML characters
      i += 3;
    } else {
      std::size_t run = i + 1;  // plain text up to the next character that needs a look
      while (run < s.size() && s[run] != '<' && s[run] != '&' && s[run] != '\xEF' && !is_forbidden_control(s[run]))
        ++run;
      out.append(s.substr(i, run - i));
      i = run;
    }
  }
  return out;
}

std::size_t xml_depth_bound(std::string_view xml) {
  std::size_t depth = 0, deepest = 0;
  for (std::size_t i = xml.find('<'); i != std::string_view::npos && i + 1 < xml.size(); i = xml.find('<', i + 1)) {
    const char next = xml[i + 1];
    if (next == '!' || next == '?') {
      const std::string_view end = xml.compare(i, 9, "<![CDATA[") == 0 ? "]]>"
                                   : xml.compare(i, 4, "<!--") == 0    ? "-->"
                                                                       : ">";
      i = xml.find(end, i);
      if (i == std::string_view::npos) break;
      continue;
    }
    if (next == '/') {
      if (depth > 0) --depth;
      continue;
    }
    if (!is_name_char(next) && next != '_' && next != ':' && static_cast<unsigned char>(next) < 0x80) continue;
    const std::size_t close = xml.find('>', i);
    if (close == std::string_view::npos) break;
    if (xml[close - 1] != '/') deepest = std::max(deepest, ++depth);
    i = close;
  }
  return deepest;
}

}  // namespace newswatch
