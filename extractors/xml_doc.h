#pragma once
// libxml2's streaming reader behind RAII, for documents written by strangers (sitemaps).
// The reader never builds a tree, so a walk over it is a loop, never a recursion, and hostile
// nesting costs nothing beyond libxml2's own depth limit (256 without XML_PARSE_HUGE, which we never
// set: past it libxml2 stops with an error). Options: XML_PARSE_RECOVER (real files are broken),
// XML_PARSE_NONET (no network, no external DTD), and no XML_PARSE_NOENT / DTDLOAD: entities are not
// substituted, so billion-laughs declarations expand to nothing. Errors are collected, never printed.
// libxml2 types stay in xml_doc.cpp.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "config/error.h"

struct _xmlTextReader;

namespace newswatch {

/// The deepest element nesting of `xml` by one linear pass over its tags (comments, CDATA, processing
/// instructions and declarations skipped, <x/> counted as one level), so a hostile document is refused
/// before any parser sees it. Exact for well-formed XML; a '>' inside an attribute value can only make it err.
std::size_t xml_depth(std::string_view xml) noexcept;

/// What the reader is on: an element's start or end, character data (text, CDATA, whitespace), or anything else.
enum class XmlNodeKind { element, end_element, text, other };

class XmlReader {
 public:
  /// A reader over `bytes`, which must outlive it (the encoding comes from the BOM or XML declaration);
  /// `url` names the document in libxml2's messages. Fails with ErrorKind::parse when libxml2 refuses the
  /// buffer outright (larger than 2 GB, out of memory).
  static Result<XmlReader> open(std::string_view bytes, std::string_view url);

  /// Moves to the next node; false at the end of the document or when libxml2 cannot go on (failed()).
  bool next();
  XmlNodeKind kind() const;
  /// 0 for the root element, 1 for its children, ...
  int depth() const;
  /// The element's name without prefix ("title" for <news:title>).
  std::string_view local_name() const;
  /// The element's namespace URI ("" when it has none).
  std::string_view namespace_uri() const;
  /// The element's qualified name as written ("news:title").
  std::string_view name() const;
  /// The character data inside the current element and its descendants, at most `max_bytes` of it;
  /// leaves the reader on the element's end. "" for an empty element (<loc/>).
  std::string element_text(std::size_t max_bytes);

  /// True when reading stopped on an error libxml2 could not recover from (not at the document's end).
  bool failed() const noexcept { return m_failed; }
  /// libxml2's first error message with its line ("" when there was none); later ones are only counted.
  const std::string& first_error() const noexcept;

 private:
  struct Errors;
  struct ReaderFree {
    void operator()(_xmlTextReader* reader) const noexcept;
  };
  XmlReader(std::unique_ptr<_xmlTextReader, ReaderFree> reader, std::unique_ptr<Errors> errors);

  std::unique_ptr<Errors> m_errors;  ///< before the reader: libxml2 holds its address until the reader is freed
  std::unique_ptr<_xmlTextReader, ReaderFree> m_reader;
  bool m_failed = false;

 public:
  ~XmlReader();
  XmlReader(XmlReader&&) noexcept;
  XmlReader& operator=(XmlReader&&) noexcept;
};

}  // namespace newswatch
