#include "extractors/feed_parse.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <array>
#include <climits>
#include <memory>
#include <mutex>
#include <string_view>

#include "config/ascii.h"
#include "config/c_handle.h"

namespace newswatch {
namespace {

using XmlDoc = std::unique_ptr<xmlDoc, Free<xmlFreeDoc>>;
// xmlFree is a function pointer variable (a configurable allocator), not a function: no Free<> for it.
struct XmlStringDeleter {
  void operator()(xmlChar* p) const noexcept { xmlFree(p); }
};
using XmlString = std::unique_ptr<xmlChar, XmlStringDeleter>;

// Which vocabulary an element belongs to.
enum class Ns { none, atom, rss, dc, content, feedburner, rdf, other };

struct NsRow {
  std::string_view uri;
  std::string_view prefix;  ///< the prefix feeds use for it, for undeclared ones
  Ns ns;
};

constexpr std::array<NsRow, 9> k_namespaces = {{
    {"http://www.w3.org/2005/Atom", "atom", Ns::atom},
    {"http://purl.org/atom/ns#", "", Ns::atom},  // Atom 0.3
    {"http://purl.org/rss/1.0/", "", Ns::rss},
    {"http://my.netscape.com/rdf/simple/0.9/", "", Ns::rss},
    {"http://backend.userland.com/rss2", "", Ns::rss},
    {"http://purl.org/dc/elements/1.1/", "dc", Ns::dc},
    {"http://purl.org/rss/1.0/modules/content/", "content", Ns::content},
    {"http://rssnamespace.org/feedburner/ext/1.0", "feedburner", Ns::feedburner},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf", Ns::rdf},
}};

std::string_view sv(const xmlChar* s) {
  return s ? std::string_view(reinterpret_cast<const char*>(s)) : std::string_view();
}

// The element's vocabulary and local name ("dc:creator" without a declaration counts as Dublin Core).
std::pair<Ns, std::string_view> name_of(const xmlNode* node) {
  std::string_view name = sv(node->name);
  if (node->ns) {
    for (const NsRow& row : k_namespaces)
      if (row.uri == sv(node->ns->href)) return {row.ns, name};
    return {Ns::other, name};
  }
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos) return {Ns::none, name};
  const std::string_view prefix = name.substr(0, colon);
  for (const NsRow& row : k_namespaces)
    if (!row.prefix.empty() && row.prefix == prefix) return {row.ns, name.substr(colon + 1)};
  return {Ns::other, name.substr(colon + 1)};
}

// RSS elements have no namespace (2.0) or RSS 1.0's; Atom's have Atom's (or none, when a feed forgot it).
bool is_plain(const xmlNode* node, std::string_view local) {
  auto [n, name] = name_of(node);
  return (n == Ns::none || n == Ns::rss || n == Ns::atom) && name == local;
}

std::string xml_attribute(const xmlNode* node, const char* name) {
  XmlString value(xmlGetProp(node, reinterpret_cast<const xmlChar*>(name)));
  return std::string(sv(value.get()));
}

// The character data below `node` in document order; a space marks each element boundary so
// inline xhtml paragraphs do not run together. Iterative: the tree comes from the feed.
std::string xml_text_of(const xmlNode* node) {
  std::string out;
  const xmlNode* n = node->children;
  while (n) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) out += sv(n->content);
    if (n->type == XML_ELEMENT_NODE && n->children) {
      out += ' ';
      n = n->children;
      continue;
    }
    while (n && !n->next && n->parent != node) {
      n = n->parent;
      if (n->type == XML_ELEMENT_NODE) out += ' ';
    }
    n = n ? n->next : nullptr;
  }
  return out;
}

bool has_element_child(const xmlNode* node) {
  for (const xmlNode* c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) return true;
  return false;
}

// An Atom text construct's type decides; RSS text may or may not be HTML.
FeedText feed_text(const xmlNode* node) {
  FeedText out{xml_text_of(node), Markup::maybe_html};
  const std::string type = xml_attribute(node, "type");
  if (type == "xhtml")
    out.markup = Markup::text;  // inline markup, already reduced by text_of
  else if (type == "html" || type == "text/html")
    out.markup = Markup::html;
  else if (type == "text" || type == "text/plain")
    out.markup = Markup::text;
  return out;
}

// The xml:base values from the root down to `node`, '\n'-separated.
std::string base_chain(const xmlNode* node) {
  std::vector<std::string> bases;
  for (const xmlNode* n = node; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
    XmlString base(xmlGetNsProp(n, reinterpret_cast<const xmlChar*>("base"), XML_XML_NAMESPACE));
    if (base) bases.emplace_back(ascii::trim_controls(sv(base.get())));
  }
  std::string out;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) out += (out.empty() ? "" : "\n") + *it;
  return out;
}

// "editorial@example.com (Jane Doe)" -> "Jane Doe"; any other author text as it is.
std::string author_name(std::string_view text) {
  text = ascii::trim_controls(text);
  const std::size_t open = text.find(" (");
  if (open != std::string_view::npos && text.ends_with(')') && text.substr(0, open).find('@') != std::string_view::npos)
    return std::string(ascii::trim_controls(text.substr(open + 2, text.size() - open - 3)));
  return std::string(text);
}

void read_link(const xmlNode* node, RawEntry& entry) {
  const std::string href = xml_attribute(node, "href");
  if (href.empty()) {  // RSS: the link is the element's text
    const std::string text = xml_text_of(node);
    if (std::string_view link = ascii::trim_controls(text); !link.empty()) entry.links.emplace_back(link);
    return;
  }
  const std::string rel = xml_attribute(node, "rel");
  if (rel.empty() || rel == "alternate") entry.links.emplace_back(ascii::trim_controls(href));
}

void read_author(const xmlNode* node, RawEntry& entry) {
  std::string name;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE && is_plain(c, "name")) name = ascii::trim_controls(xml_text_of(c));
  if (name.empty() && !has_element_child(node)) name = author_name(xml_text_of(node));
  if (!name.empty()) entry.authors.push_back(std::move(name));
}

// One child element of an entry into its field.
void read_field(const xmlNode* c, RawEntry& entry, std::vector<std::string>& updated) {
  auto [ns, name] = name_of(c);
  const bool plain = ns == Ns::none || ns == Ns::rss || ns == Ns::atom;
  if (plain && name == "title")
    entry.title = feed_text(c);
  else if (plain && name == "link")
    read_link(c, entry);
  else if (ns == Ns::feedburner && (name == "origLink" || name == "origlink"))
    entry.links.insert(entry.links.begin(), std::string(ascii::trim_controls(xml_text_of(c))));
  else if (plain && name == "guid") {
    entry.guid = ascii::trim_controls(xml_text_of(c));
    entry.guid_is_permalink = xml_attribute(c, "isPermaLink") != "false";
  } else if (plain && name == "id")
    entry.guid = ascii::trim_controls(xml_text_of(c));
  else if ((plain && (name == "description" || name == "summary")) || (ns == Ns::dc && name == "description")) {
    if (entry.summary.text.empty()) entry.summary = feed_text(c);
  } else if ((ns == Ns::content && name == "encoded") || (plain && name == "content")) {
    if (entry.content.text.empty()) entry.content = feed_text(c);
  } else if ((plain && (name == "pubDate" || name == "published" || name == "issued")) ||
             (ns == Ns::dc && (name == "date" || name == "created")))
    entry.dates.emplace_back(ascii::trim_controls(xml_text_of(c)));
  else if ((plain && (name == "updated" || name == "modified")) || (ns == Ns::dc && name == "modified"))
    updated.emplace_back(ascii::trim_controls(xml_text_of(c)));
  else if ((plain && name == "author") || (ns == Ns::dc && name == "creator"))
    read_author(c, entry);
  else if (plain && name == "category") {
    std::string label = xml_attribute(c, "label");
    if (label.empty()) label = xml_attribute(c, "term");
    if (label.empty()) label = ascii::trim_controls(xml_text_of(c));
    if (!label.empty()) entry.categories.push_back(std::move(label));
  } else if (ns == Ns::dc && name == "subject") {
    const std::string text = xml_text_of(c);
    if (std::string_view subject = ascii::trim_controls(text); !subject.empty()) entry.categories.emplace_back(subject);
  }
}

RawEntry read_entry(const xmlNode* node) {
  RawEntry entry;
  entry.link_base = base_chain(node);
  std::vector<std::string> updated;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (c->type == XML_ELEMENT_NODE) read_field(c, entry, updated);
  if (entry.guid.empty()) {  // RSS 1.0 names its items by rdf:about
    XmlString about(xmlGetNsProp(node, reinterpret_cast<const xmlChar*>("about"),
                                 reinterpret_cast<const xmlChar*>(k_namespaces[8].uri.data())));
    if (!about) about.reset(xmlGetProp(node, reinterpret_cast<const xmlChar*>("about")));
    if (about) entry.guid = ascii::trim_controls(sv(about.get()));
  }
  for (std::string& date : updated) entry.dates.push_back(std::move(date));
  return entry;
}

bool is_entry(const xmlNode* node) {
  auto [ns, name] = name_of(node);
  return (name == "item" && (ns == Ns::none || ns == Ns::rss)) ||
         (name == "entry" && (ns == Ns::atom || ns == Ns::none));
}

// The feed's link to its site: <channel><link> in RSS, <link rel="alternate"> in Atom.
void read_channel_link(const xmlNode* node, RawFeed& feed) {
  if (!feed.channel_link.empty() || !is_plain(node, "link")) return;
  const xmlNode* parent = node->parent;
  if (!parent || !(is_plain(parent, "channel") || is_plain(parent, "feed"))) return;
  RawEntry scratch;
  read_link(node, scratch);
  if (!scratch.links.empty()) feed.channel_link = scratch.links.front();
}

void walk(const xmlNode* root, RawFeed& feed) {
  const xmlNode* n = root;
  while (n) {
    bool descend = n->type == XML_ELEMENT_NODE;
    if (descend && is_entry(n)) {
      descend = false;  // entries do not nest
      if (feed.entries.size() < k_max_feed_entries)
        feed.entries.push_back(read_entry(n));
      else
        ++feed.entries_dropped;
    } else if (descend) {
      read_channel_link(n, feed);
    }
    if (descend && n->children) {
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) n = n->parent;
    n = (n && n != root) ? n->next : nullptr;
  }
}

std::string feed_format(const xmlNode* root) {
  auto [ns, name] = name_of(root);
  if (name == "rss" || name == "channel") return "rss";
  if (name == "RDF") return "rdf";
  if (name == "feed" && (ns == Ns::atom || ns == Ns::none)) return "atom";
  return "";
}

}  // namespace

Result<RawFeed> parse_feed_xml(const std::string& xml) {
  static std::once_flag init;
  std::call_once(init, [] { xmlInitParser(); });
  if (xml.size() > static_cast<std::size_t>(INT_MAX)) return fail(ErrorKind::parse, "feed is too large to parse");
  // Recover from breakage; never touch the network, load a DTD or substitute entities (XML_PARSE_NOENT
  // and XML_PARSE_HUGE stay off); the text is UTF-8 already, whatever its declaration still says.
  const int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                      XML_PARSE_NOCDATA | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT;
  XmlDoc doc(xmlReadMemory(xml.data(), static_cast<int>(xml.size()), nullptr, "UTF-8", options));
  const xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
  if (!root) return fail(ErrorKind::parse, "not a feed: no XML element found");
  RawFeed feed;
  feed.format = feed_format(root);
  if (feed.format.empty())
    return fail(ErrorKind::parse,
                "not a feed: the document is <" + std::string(sv(root->name)) + ">, not <rss>, <rdf:RDF> or <feed>");
  feed.channel_base = base_chain(root);
  walk(root, feed);
  return feed;
}

}  // namespace newswatch
