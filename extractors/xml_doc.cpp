#include "extractors/xml_doc.h"

#include <libxml/parser.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <climits>

#include <fmt/format.h>

namespace newswatch {

struct XmlReader::Errors {
  std::string first;
  std::size_t count = 0;
};

void XmlReader::ReaderFree::operator()(_xmlTextReader* reader) const noexcept {
  xmlFreeTextReader(reader);
}

namespace {

constexpr int k_options = XML_PARSE_RECOVER | XML_PARSE_NONET;

std::string_view view(const xmlChar* text) {
  return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view();
}

/// libxml2 wants xmlInitParser() once before threads use it; a function-local static runs it once.
void init_libxml2() {
  static const bool initialised = [] {
    xmlInitParser();
    return true;
  }();
  (void)initialised;
}

}  // namespace

std::size_t xml_depth(std::string_view xml) noexcept {
  std::size_t depth = 0, deepest = 0;
  for (std::size_t at = xml.find('<'); at != std::string_view::npos; at = xml.find('<', at)) {
    const std::string_view rest = xml.substr(at);
    std::string_view closing = ">";
    if (rest.starts_with("<!--")) closing = "-->";
    if (rest.starts_with("<![CDATA[")) closing = "]]>";
    const std::size_t end = xml.find(closing, at + 1);
    if (end == std::string_view::npos) break;
    const char kind = rest.size() > 1 ? rest[1] : ' ';
    if (kind == '/') {
      if (depth > 0) --depth;
    } else if (kind != '!' && kind != '?') {
      deepest = std::max(deepest, depth + 1);
      if (xml[end - 1] != '/') ++depth;
    }
    at = end + closing.size();
  }
  return deepest;
}

Result<XmlReader> XmlReader::open(std::string_view bytes, std::string_view url) {
  init_libxml2();
  if (bytes.size() > static_cast<std::size_t>(INT_MAX))
    return fail(ErrorKind::parse, fmt::format("XML document of {} bytes is too large to read", bytes.size()));
  const std::string name(url);
  std::unique_ptr<_xmlTextReader, ReaderFree> reader(
      xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()), name.c_str(), nullptr, k_options));
  if (!reader) return fail(ErrorKind::parse, "libxml2 could not start reading the document");
  auto errors = std::make_unique<Errors>();
  // A C callback: copies the first message, counts the rest, never throws.
  xmlStructuredErrorFunc keep = [](void* context, xmlErrorPtr error) {
    auto* kept = static_cast<Errors*>(context);
    if (kept->count++ > 0 || !error) return;
    try {
      std::string message = error->message ? error->message : "unknown XML error";
      while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
      kept->first = fmt::format("line {}: {}", error->line, message);
    } catch (...) {  // out of memory: the count still says something went wrong
    }
  };
  xmlTextReaderSetStructuredErrorHandler(reader.get(), keep, errors.get());
  return XmlReader(std::move(reader), std::move(errors));
}

XmlReader::XmlReader(std::unique_ptr<_xmlTextReader, ReaderFree> reader, std::unique_ptr<Errors> errors)
    : m_errors(std::move(errors)), m_reader(std::move(reader)) {}
XmlReader::~XmlReader() = default;
XmlReader::XmlReader(XmlReader&&) noexcept = default;
XmlReader& XmlReader::operator=(XmlReader&&) noexcept = default;

bool XmlReader::next() {
  if (m_failed) return false;
  const int status = xmlTextReaderRead(m_reader.get());
  if (status < 0) m_failed = true;
  return status == 1;
}

XmlNodeKind XmlReader::kind() const {
  switch (xmlTextReaderNodeType(m_reader.get())) {
    case XML_READER_TYPE_ELEMENT: return XmlNodeKind::element;
    case XML_READER_TYPE_END_ELEMENT: return XmlNodeKind::end_element;
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: return XmlNodeKind::text;
    default: return XmlNodeKind::other;
  }
}

int XmlReader::depth() const {
  return xmlTextReaderDepth(m_reader.get());
}

std::string_view XmlReader::local_name() const {
  return view(xmlTextReaderConstLocalName(m_reader.get()));
}

std::string_view XmlReader::namespace_uri() const {
  return view(xmlTextReaderConstNamespaceUri(m_reader.get()));
}

std::string_view XmlReader::name() const {
  return view(xmlTextReaderConstName(m_reader.get()));
}

std::string XmlReader::element_text(std::size_t max_bytes) {
  std::string text;
  if (kind() != XmlNodeKind::element || xmlTextReaderIsEmptyElement(m_reader.get()) == 1) return text;
  const int start = depth();
  while (next()) {
    const XmlNodeKind now = kind();
    if (now == XmlNodeKind::end_element && depth() == start) break;
    if (now != XmlNodeKind::text || text.size() >= max_bytes) continue;
    const std::string_view value = view(xmlTextReaderConstValue(m_reader.get()));
    text.append(value.substr(0, max_bytes - text.size()));
  }
  return text;
}

const std::string& XmlReader::first_error() const noexcept {
  return m_errors->first;
}

}  // namespace newswatch
