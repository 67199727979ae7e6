#pragma once
// Reading an Atom document back in tests: libxml2 parses it strictly (no recovery, no network), and
// XPath over the Atom namespace (prefix `a`) picks elements and attributes out.

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include <memory>
#include <string>
#include <vector>

namespace newswatch::test {

class AtomXml {
 public:
  /// Parses `text`; ok() is false when it is not well-formed XML.
  explicit AtomXml(const std::string& text)
      : m_doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), "feed.atom", nullptr,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING),
              xmlFreeDoc) {}
  bool ok() const { return m_doc != nullptr; }

  /// The string value of every node `xpath` selects (prefix `a` is the Atom namespace).
  std::vector<std::string> all(const std::string& xpath) const {
    std::vector<std::string> out;
    if (!m_doc) return out;
    std::unique_ptr<xmlXPathContext, void (*)(xmlXPathContextPtr)> context(xmlXPathNewContext(m_doc.get()),
                                                                           xmlXPathFreeContext);
    xmlXPathRegisterNs(context.get(), reinterpret_cast<const xmlChar*>("a"),
                       reinterpret_cast<const xmlChar*>("http://www.w3.org/2005/Atom"));
    std::unique_ptr<xmlXPathObject, void (*)(xmlXPathObjectPtr)> result(
        xmlXPathEvalExpression(reinterpret_cast<const xmlChar*>(xpath.c_str()), context.get()), xmlXPathFreeObject);
    if (!result || !result->nodesetval) return out;
    for (int i = 0; i < result->nodesetval->nodeNr; ++i) {
      xmlChar* value = xmlNodeGetContent(result->nodesetval->nodeTab[i]);
      out.emplace_back(value ? reinterpret_cast<const char*>(value) : "");
      xmlFree(value);
    }
    return out;
  }
  /// The first value `xpath` selects, or "".
  std::string one(const std::string& xpath) const {
    auto values = all(xpath);
    return values.empty() ? "" : values.front();
  }

 private:
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> m_doc;
};

}  // namespace newswatch::test
