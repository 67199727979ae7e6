#include "crawler/charset.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>

#include <spdlog/spdlog.h>

#include "config/ascii.h"
#include "crawler/charset_detect.h"
#include "extractors/utf8.h"

namespace newswatch {

namespace {

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
constexpr std::size_t k_meta_scan_bytes = 1024;

using ascii::lower;

using ascii::is_space;

using ascii::trim;

// Reads the value after "charset" at `pos` in `s`: [spaces] = [spaces] [quote] value [quote].
std::string charset_value_at(std::string_view s, std::size_t pos) {
  pos += 7;  // strlen("charset")
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos >= s.size() || s[pos] != '=') return "";
  ++pos;
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos < s.size() && (s[pos] == '"' || s[pos] == '\'')) ++pos;
  std::size_t end = pos;
  while (end < s.size() && !is_space(s[end]) && std::string_view("\"';>/").find(s[end]) == std::string_view::npos)
    ++end;
  return lower(s.substr(pos, end - pos));
}

struct Label {
  std::string_view label;
  std::string_view iconv;
};

// WHATWG Encoding Standard labels (the common ones) -> glibc iconv names.
constexpr Label k_labels[] = {
    {"utf-8", "UTF-8"},
    {"utf8", "UTF-8"},
    {"unicode-1-1-utf-8", "UTF-8"},
    {"us-ascii", "CP1252"},
    {"ascii", "CP1252"},
    {"iso-8859-1", "CP1252"},
    {"iso8859-1", "CP1252"},
    {"iso_8859-1", "CP1252"},
    {"latin1", "CP1252"},
    {"l1", "CP1252"},
    {"windows-1252", "CP1252"},
    {"cp1252", "CP1252"},
    {"x-cp1252", "CP1252"},
    {"cp819", "CP1252"},
    {"iso-8859-2", "ISO-8859-2"},
    {"iso-8859-5", "ISO-8859-5"},
    {"iso-8859-7", "ISO-8859-7"},
    {"iso-8859-9", "CP1254"},
    {"iso-8859-15", "ISO-8859-15"},
    {"windows-1250", "CP1250"},
    {"windows-1251", "CP1251"},
    {"windows-1253", "CP1253"},
    {"windows-1254", "CP1254"},
    {"windows-1255", "CP1255"},
    {"windows-1256", "CP1256"},
    {"windows-1257", "CP1257"},
    {"windows-1258", "CP1258"},
    {"windows-874", "CP874"},
    {"tis-620", "CP874"},
    {"koi8-r", "KOI8-R"},
    {"koi8-u", "KOI8-U"},
    {"euc-kr", "CP949"},
    {"ks_c_5601-1987", "CP949"},
    {"korean", "CP949"},
    {"windows-949", "CP949"},
    {"cseuckr", "CP949"},
    {"ksc5601", "CP949"},
    {"shift_jis", "CP932"},
    {"shift-jis", "CP932"},
    {"sjis", "CP932"},
    {"x-sjis", "CP932"},
    {"ms932", "CP932"},
    {"windows-31j", "CP932"},
    {"euc-jp", "EUC-JP"},
    {"iso-2022-jp", "ISO-2022-JP"},
    {"gbk", "GB18030"},
    {"gb2312", "GB18030"},
    {"x-gbk", "GB18030"},
    {"gb18030", "GB18030"},
    {"cp936", "GB18030"},
    {"big5", "BIG5-HKSCS"},
    {"big5-hkscs", "BIG5-HKSCS"},
    {"utf-16", "UTF-16LE"},
    {"utf-16le", "UTF-16LE"},
    {"utf-16be", "UTF-16BE"},
};

// The encoding a byte-order mark announces, and the BOM's length.
std::pair<std::string_view, std::size_t> bom_charset(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) return {"UTF-8", 3};
  if (body.starts_with("\xFF\xFE")) return {"UTF-16LE", 2};
  if (body.starts_with("\xFE\xFF")) return {"UTF-16BE", 2};
  return {"", 0};
}

}  // namespace

std::string charset_from_content_type(std::string_view content_type) {
  const std::string ct = lower(content_type);
  for (std::size_t pos = ct.find("charset"); pos != std::string::npos; pos = ct.find("charset", pos + 1)) {
    std::string value = charset_value_at(ct, pos);
    if (!value.empty()) return value;
  }
  return "";
}

std::string sniff_meta_charset(std::string_view body) {
  const std::string head = lower(body.substr(0, k_meta_scan_bytes));
  for (std::size_t tag = head.find("<meta"); tag != std::string::npos; tag = head.find("<meta", tag + 5)) {
    const std::size_t end = std::min(head.find('>', tag), head.size());
    const std::string_view attrs = std::string_view(head).substr(tag, end - tag);
    // Covers both <meta charset=x> and <meta http-equiv content="text/html; charset=x">.
    for (std::size_t pos = attrs.find("charset"); pos != std::string_view::npos; pos = attrs.find("charset", pos + 1)) {
      std::string value = charset_value_at(attrs, pos);
      if (!value.empty()) return value;
    }
  }
  return "";
}

std::string_view iconv_name_for(std::string_view label) {
  const std::string key = lower(trim(label));
  for (const Label& l : k_labels) {
    if (l.label == key) return l.iconv;
  }
  return "";
}

namespace {

/// The iconv name of a declared label: the table's, else the label as written (iconv may know it); "" for none.
std::string resolve_label(const std::string& label) {
  if (label.empty()) return "";
  const std::string_view known = iconv_name_for(label);
  return known.empty() ? label : std::string(known);
}

/// The encoding of a body that names none: UTF-8 when it reads as UTF-8, else ICU's guess, else windows-1252.
std::string undeclared_charset(std::string_view body) {
  if (utf8_census(body).valid()) return "UTF-8";
  const std::string guess = detect_legacy_charset(body);
  return guess.empty() ? "CP1252" : guess;
}

/// `declared` (the iconv name of `label`) unless the bytes plainly contradict it (see the file comment); logs an
/// override.
std::string checked_declaration(std::string_view body, const std::string& label, const std::string& declared,
                                std::string_view url) {
  if (declared.starts_with("UTF-16")) return declared;  // only from HTTP: the census reads 8-bit text
  const Utf8Census census = utf8_census(body);
  std::string actual = declared;
  if (declared != "UTF-8" && census.clearly_utf8()) actual = "UTF-8";
  if (declared == "UTF-8" && census.clearly_not_utf8()) actual = detect_legacy_charset(body);
  if (actual.empty() || actual == declared) return declared;
  spdlog::info("charset declaration wrong url={} declared={} read_as={} invalid_bytes={} non_ascii_bytes={}",
               url.empty() ? "-" : url, label, actual, census.invalid, census.non_ascii);
  return actual;
}

}  // namespace

std::string detect_charset(std::string_view body, std::string_view content_type, std::string_view url) {
  if (auto [bom, size] = bom_charset(body); size) return std::string(bom);
  if (const std::string label = charset_from_content_type(content_type); !label.empty())
    return checked_declaration(body, label, resolve_label(label), url);
  const std::string meta_label = sniff_meta_charset(body);
  std::string meta = resolve_label(meta_label);
  // A page that could be read as ASCII to find its meta is not UTF-16, whatever the meta says.
  if (meta.starts_with("UTF-16")) meta = "UTF-8";
  return meta.empty() ? undeclared_charset(body) : checked_declaration(body, meta_label, meta, url);
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  // Well-formed bytes are copied in runs, not one by one: a page is nearly always all of them.
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::uint64_t eight = 0;
    if (i + 8 <= text.size() && (std::memcpy(&eight, text.data() + i, 8), (eight & 0x8080808080808080ULL) == 0)) {
      i += 8;  // eight ASCII bytes at once
      continue;
    }
    const unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Unicode Table 3-7: the lead byte fixes the length and the range of the second byte
    // (this excludes overlongs, surrogates and code points above U+10FFFF).
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c == 0xE0)
      len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC)
      len = 3;
    else if (c == 0xED)
      len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF)
      len = 3;
    else if (c == 0xF0)
      len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
      len = 4;
    else if (c == 0xF4)
      len = 4, hi = 0x8F;
    std::size_t j = i + 1;
    bool ok = len > 0;
    for (std::size_t k = 1; ok && k < len; ++k, ++j) {
      const unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
      ok = j < text.size() && byte(j) >= min && byte(j) <= max;
      if (!ok) break;
    }
    if (ok) {
      i += len;
      continue;
    }
    out.append(text.substr(run, i - run));
    out += k_replacement;  // one U+FFFD per maximal ill-formed subpart
    i = std::max(j, i + 1);
    run = i;
  }
  out.append(text.substr(run));
  return out;
}

std::string to_utf8(std::string_view body, std::string_view content_type, std::string_view url) {
  const std::string charset = detect_charset(body, content_type, url);
  // A BOM decides the charset in detect_charset(), so it can be dropped before decoding.
  body.remove_prefix(bom_charset(body).second);
  std::optional<std::string> converted = charset == "UTF-8" ? std::nullopt : iconv_to_utf8(body, charset);
  return converted ? std::move(*converted) : repair_utf8(body);
}

namespace {

// A Content-Type's media type, lower-cased and without parameters.
std::string media_type(std::string_view content_type) {
  return lower(trim(content_type.substr(0, content_type.find(';'))));
}

// The HTML sniffing patterns of the WHATWG MIME Sniffing Standard, each followed by a space or '>'.
bool starts_like_html(std::string_view body) {
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  while (!body.empty() && is_space(body.front())) body.remove_prefix(1);
  const std::string head = lower(body.substr(0, 32));
  static constexpr std::string_view k_tags[] = {
      "<!doctype html", "<html",  "<head", "<script", "<iframe", "<h1", "<div", "<font", "<table", "<a",
      "<style",         "<title", "<b",    "<body",   "<br",     "<p",  "<!--"};
  for (std::string_view tag : k_tags) {
    if (!std::string_view(head).starts_with(tag)) continue;
    if (tag == "<!--") return true;
    if (head.size() > tag.size() && (head[tag.size()] == '>' || is_space(head[tag.size()]))) return true;
  }
  return false;
}

}  // namespace

bool looks_like_html(std::string_view content_type, std::string_view body) {
  const std::string type = media_type(content_type);
  if (type.empty()) return starts_like_html(body);
  return type == "text/html" || type == "application/xhtml+xml";
}

Result<void> require_html(std::string_view content_type, std::string_view body) {
  if (looks_like_html(content_type, body)) return {};
  const std::string type = media_type(content_type);
  if (type.empty())
    return fail(ErrorKind::parse, "not an HTML page: no Content-Type and the body does not start like HTML");
  return fail(ErrorKind::parse, "not an HTML page: Content-Type " + type + " (expected text/html)");
}

}  // namespace newswatch
