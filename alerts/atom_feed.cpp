#include "alerts/atom_feed.h"

#include <algorithm>
#include <ctime>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <libxml/xmlwriter.h>
#include <openssl/sha.h>

#include "alerts/delivery.h"
#include "alerts/message_text.h"
#include "alerts/snippet_text.h"
#include "config/c_handle.h"

namespace newswatch {
namespace {

using XmlBuffer = std::unique_ptr<xmlBuffer, Free<xmlBufferFree>>;
using XmlWriter = std::unique_ptr<xmlTextWriter, Free<xmlFreeTextWriter>>;

constexpr std::string_view k_replacement = "\xEF\xBF\xBD";  // U+FFFD
/// The snippet in the HTML content is cut at this many UTF-16 units (render_snippet's measure).
constexpr std::size_t k_snippet_limit = 2000;

/// RFC 3339 in UTC: 2026-11-29T17:14:32Z.
std::string rfc3339(std::int64_t unix_seconds) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(static_cast<std::time_t>(unix_seconds)));
}

/// An item's published date (ISO 8601 with an offset, or a date) as an RFC 3339 date-time; nullopt otherwise.
std::optional<std::string> published_date(std::string_view iso) {
  if (iso.size() > 40) return std::nullopt;
  static const std::regex date_only(R"(\d{4}-\d{2}-\d{2})");
  static const std::regex date_time(R"((\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))");
  std::string text(iso);
  std::smatch m;
  if (std::regex_match(text, date_only)) return text + "T00:00:00Z";
  if (!std::regex_match(text, m, date_time)) return std::nullopt;
  return m[1].str() + (m[2].matched ? m[2].str() : ":00") + m[4].str();
}

/// Throws when libxml2's writer reports a failure (out of memory): the caller answers with an error.
void check(int rc) {
  if (rc < 0) throw std::runtime_error("cannot write the Atom feed (libxml2 writer failed)");
}

const xmlChar* x(const char* text) {
  return reinterpret_cast<const xmlChar*>(text);
}

void element(xmlTextWriter* w, const char* name, std::string_view text) {
  check(xmlTextWriterStartElement(w, x(name)));
  check(xmlTextWriterWriteString(w, x(xml_text(text).c_str())));
  check(xmlTextWriterEndElement(w));
}

void attribute(xmlTextWriter* w, const char* name, std::string_view value) {
  check(xmlTextWriterWriteAttribute(w, x(name), x(xml_text(value).c_str())));
}

void link(xmlTextWriter* w, const char* rel, std::string_view href, const char* type) {
  check(xmlTextWriterStartElement(w, x("link")));
  attribute(w, "rel", rel);
  attribute(w, "href", href);
  if (type) attribute(w, "type", type);
  check(xmlTextWriterEndElement(w));
}

void category(xmlTextWriter* w, std::string_view term, const char* scheme) {
  check(xmlTextWriterStartElement(w, x("category")));
  attribute(w, "term", term);
  attribute(w, "scheme", scheme);
  check(xmlTextWriterEndElement(w));
}

/// The entry's plain summary: the snippet's text, else the item's summary, else its title.
std::string summary_text(const Alert& match) {
  if (!match.snippet.text.empty()) return match.snippet.text;
  return match.item.summary.empty() ? match.item.title : match.item.summary;
}

/// The entry's HTML: the snippet with its marks in <b> (or the summary), then site, date, terms and the link.
std::string content_html(const Alert& match) {
  std::string snippet = render_snippet(match.snippet, html_markup(), k_snippet_limit);
  if (snippet.empty()) snippet = html_escape(summary_text(match));
  std::string html = "<p>" + snippet + "</p>";
  if (match.body_unavailable) html += "<p><i>" + html_escape(k_body_unavailable_note) + "</i></p>";
  html += "<p>Site: " + html_escape(match.item.site);
  if (match.item.published) html += " · Published: " + html_escape(*match.item.published);
  if (!match.matched.empty()) html += " · Matched: " + html_escape(join(match.matched, ", "));
  html += " · Watch: " + html_escape(join(alert_watches(match), ", ")) + "</p>";
  if (!match.item.url.empty())
    html += "<p><a href=\"" + html_escape(match.item.url) + "\">" + html_escape(match.item.url) + "</a></p>";
  return html;
}

void write_entry(xmlTextWriter* w, const AtomFeedInfo& info, const Alert& match) {
  check(xmlTextWriterStartElement(w, x("entry")));
  element(w, "id", feed_entry_id(match));
  element(w, "title",
          info.watch.empty() ? "[" + join(alert_watches(match), ", ") + "] " + match.item.title : match.item.title);
  element(w, "updated", rfc3339(match.created_at));
  std::optional<std::string> published;
  if (match.item.published) published = published_date(*match.item.published);
  element(w, "published", published.value_or(rfc3339(match.created_at)));
  if (!match.item.url.empty()) link(w, "alternate", match.item.url, "text/html");
  check(xmlTextWriterStartElement(w, x("author")));
  element(w, "name", match.item.site.empty() ? "newswatch" : match.item.site);
  check(xmlTextWriterEndElement(w));
  for (const std::string& watch : alert_watches(match)) category(w, watch, "urn:newswatch:watch");
  for (const std::string& term : match.matched) category(w, term, "urn:newswatch:term");
  check(xmlTextWriterStartElement(w, x("summary")));
  attribute(w, "type", "text");
  check(xmlTextWriterWriteString(w, x(xml_text(summary_text(match)).c_str())));
  check(xmlTextWriterEndElement(w));
  check(xmlTextWriterStartElement(w, x("content")));
  attribute(w, "type", "html");
  check(xmlTextWriterWriteString(w, x(xml_text(content_html(match)).c_str())));
  check(xmlTextWriterEndElement(w));
  check(xmlTextWriterEndElement(w));
}

/// Appends the code point of the well-formed UTF-8 sequence at `in[i]` (or U+FFFD) and returns its length.
std::size_t copy_code_point(std::string_view in, std::size_t i, std::string& out) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(in[k]); };
  const unsigned char lead = byte(i);
  std::size_t length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || i + length > in.size()) {
    out += k_replacement;
    return 1;
  }
  char32_t cp = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) {
      out += k_replacement;
      return 1;
    }
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  const char32_t min = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE || cp == 0xFFFF) {
    out += k_replacement;
    return cp < min || cp > 0x10FFFF ? 1 : length;  // a noncharacter or surrogate is one replaced character
  }
  out.append(in.substr(i, length));
  return length;
}

}  // namespace

std::string feed_id(std::string_view watch) {
  return fmt::format("urn:newswatch:feed:{}", watch.empty() ? "all" : watch);
}

std::string feed_entry_id(const Alert& match) {
  const std::string& key = identity(match.item);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  std::string hex;
  for (int i = 0; i < 16; ++i) hex += fmt::format("{:02x}", digest[i]);
  return fmt::format("urn:newswatch:match:{}:{}", hex, match.watch);
}

std::string xml_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      i += copy_code_point(text, i, out);
      continue;
    }
    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out += static_cast<char>(c);
    ++i;
  }
  return out;
}

std::string atom_feed(const AtomFeedInfo& info, const std::vector<Alert>& matches) {
  XmlBuffer buffer(xmlBufferCreate());
  if (!buffer) throw std::runtime_error("cannot write the Atom feed (out of memory)");
  XmlWriter writer(xmlNewTextWriterMemory(buffer.get(), 0));
  if (!writer) throw std::runtime_error("cannot write the Atom feed (out of memory)");
  xmlTextWriter* w = writer.get();
  check(xmlTextWriterSetIndent(w, 1));
  check(xmlTextWriterStartDocument(w, "1.0", "UTF-8", nullptr));
  check(xmlTextWriterStartElement(w, x("feed")));
  check(xmlTextWriterWriteAttribute(w, x("xmlns"), x("http://www.w3.org/2005/Atom")));
  element(w, "id", info.id);
  element(w, "title", info.title);
  std::int64_t updated = info.now;
  if (!matches.empty()) {
    updated = 0;
    for (const Alert& match : matches) updated = std::max(updated, match.created_at);
  }
  element(w, "updated", rfc3339(updated));
  if (!info.self_url.empty()) link(w, "self", info.self_url, "application/atom+xml");
  check(xmlTextWriterStartElement(w, x("author")));
  element(w, "name", "newswatch");
  check(xmlTextWriterEndElement(w));
  element(w, "generator", "newswatch");
  for (const Alert& match : matches) write_entry(w, info, match);
  check(xmlTextWriterEndDocument(w));
  writer.reset();  // flushes into the buffer
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer.get())),
                     static_cast<std::size_t>(xmlBufferLength(buffer.get())));
}

}  // namespace newswatch
