#include "extractors/sitemap_parse.h"

#include <fmt/format.h>

#include "extractors/html.h"
#include "extractors/xml_doc.h"

namespace newswatch {
namespace {

// A URL is at most a few KB; a title or keyword list a few hundred bytes. Longer text is cut here.
constexpr std::size_t k_max_field_bytes = 8 * 1024;

/// The element's name in the news namespace ("title" for <news:title>), or "" when it is not in it.
/// A file that uses the news: prefix without declaring it is read as if it had.
std::string_view news_name(const XmlReader& reader) {
  if (reader.namespace_uri() == k_news_namespace) return reader.local_name();
  const std::string_view name = reader.name();
  if (reader.namespace_uri().empty() && name.starts_with("news:")) return name.substr(5);
  return {};
}

/// Fills the field of `url` that the element under the reader names, if any.
void read_url_field(XmlReader& reader, SitemapUrl& url) {
  const std::string_view news = news_name(reader);
  std::string* field = nullptr;
  if (news == "news") url.news = true;
  if (news == "title") field = &url.news_title;
  if (news == "publication_date") field = &url.publication_date;
  if (news == "keywords") field = &url.keywords;
  // <loc> and <lastmod> of the url itself sit right below <url>; image:loc and video:* are deeper or
  // in another namespace.
  if (news.empty() && reader.depth() == 2 && reader.local_name() == "loc") field = &url.loc;
  if (news.empty() && reader.depth() == 2 && reader.local_name() == "lastmod") field = &url.lastmod;
  if (field) *field = clean_text(reader.element_text(k_max_field_bytes));
}

void read_child_field(XmlReader& reader, SitemapChild& child) {
  if (reader.depth() != 2) return;
  if (reader.local_name() == "loc") child.loc = clean_text(reader.element_text(k_max_field_bytes));
  if (reader.local_name() == "lastmod") child.lastmod = clean_text(reader.element_text(k_max_field_bytes));
}

/// Moves to the root element; fails when there is none or it is not a sitemap's.
Result<bool> read_root(XmlReader& reader, std::string_view url) {
  while (reader.next()) {
    if (reader.kind() != XmlNodeKind::element) continue;
    const std::string_view root = reader.local_name();
    if (root == "urlset") return false;
    if (root == "sitemapindex") return true;
    return fail(ErrorKind::parse,
                fmt::format("not a sitemap: the root element of {} is <{}>, not <urlset> or <sitemapindex>{}", url,
                            reader.name(), root == "rss" || root == "feed" || root == "RDF" ? " (a feed?)" : ""));
  }
  const std::string& why = reader.first_error();
  return fail(ErrorKind::parse, fmt::format("not a sitemap: {} holds no XML element{}", url,
                                            why.empty() ? std::string() : " (" + why + ")"));
}

}  // namespace

Result<SitemapDocument> parse_sitemap_xml(std::string_view xml, std::string_view url, std::size_t max_entries) {
  // A sitemap nests five elements deep; refusing a deep file before parsing names the problem (libxml2 alone
  // would stop at its own limit of 256 with a less useful message).
  if (const std::size_t depth = xml_depth(xml); depth > k_max_tree_depth)
    return fail(ErrorKind::parse,
                fmt::format("sitemap {} nests {} elements deep, over the limit of {}", url, depth, k_max_tree_depth));
  auto reader = XmlReader::open(xml, url);
  if (!reader) return tl::unexpected(reader.error());
  auto index = read_root(*reader, url);
  if (!index) return tl::unexpected(index.error());
  SitemapDocument doc;
  doc.index = *index;
  const std::string_view entry_name = doc.index ? "sitemap" : "url";
  bool in_entry = false;
  while (reader->next()) {
    const XmlNodeKind kind = reader->kind();
    if (kind == XmlNodeKind::end_element && reader->depth() == 1) in_entry = false;
    if (kind != XmlNodeKind::element) continue;
    if (reader->depth() == 1) {
      in_entry = reader->local_name() == entry_name;
      if (!in_entry) continue;
      if (doc.urls.size() + doc.children.size() >= max_entries) {
        doc.truncated = true;
        break;
      }
      if (doc.index)
        doc.children.emplace_back();
      else
        doc.urls.emplace_back();
      continue;
    }
    if (!in_entry) continue;
    if (doc.index)
      read_child_field(*reader, doc.children.back());
    else
      read_url_field(*reader, doc.urls.back());
  }
  if (reader->failed()) doc.stopped = reader->first_error();
  return doc;
}

}  // namespace newswatch
