#include "crawler/discovery_candidates.h"

#include <algorithm>
#include <cctype>

#include "config/ascii.h"
#include "crawler/robots.h"
#include "extractors/html.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

using ascii::lower;

using ascii::trim;

/// True when the space-separated token list `list` holds `token` (compared case-insensitively).
bool has_token(std::string_view list, std::string_view token) {
  const std::string text = lower(list);
  std::size_t at = 0;
  while (at < text.size()) {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
    std::size_t end = at;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end]))) ++end;
    if (text.substr(at, end - at) == token) return true;
    at = end;
  }
  return false;
}

/// The media type of a type attribute, lower-cased, without parameters ("application/rss+xml; charset=x").
std::string media_type(const char* type) {
  if (!type) return "";
  std::string_view text(type);
  text = trim(text.substr(0, text.find(';')));
  return lower(text);
}

const char* attribute_or_empty(const GumboNode* node, const char* name) {
  const char* value = attribute(node, name);
  return value ? value : "";
}

}  // namespace

std::vector<Candidate> alternate_feeds(std::string_view html, std::string_view page_url) {
  std::vector<Candidate> found;
  auto document = HtmlDocument::parse(html);
  if (!document) return found;
  walk_tree(
      document->root(),
      [&](const GumboNode* node) {
        if (!is_element(node) || tag(node) != GUMBO_TAG_LINK || found.size() >= k_max_named_candidates) return true;
        if (!has_token(attribute_or_empty(node, "rel"), "alternate")) return true;
        const std::string type = media_type(attribute(node, "type"));
        const bool xml = type == "application/rss+xml" || type == "application/atom+xml";
        const bool json = type == "application/feed+json" || type == "application/json";
        if (!xml && !json) return true;
        auto url = item_url(trim(attribute_or_empty(node, "href")), page_url);
        if (!url) return true;
        const bool seen =
            std::any_of(found.begin(), found.end(), [&](const Candidate& c) { return c.url == url->link; });
        if (!seen)
          found.push_back(Candidate{SourceKind::feed, url->link, "<link rel=alternate>",
                                    clean_text(attribute_or_empty(node, "title")), json});
        return true;
      },
      [](const GumboNode*) {});
  return found;
}

std::optional<std::string> stated_page_url(std::string_view html) {
  auto document = HtmlDocument::parse(html);
  if (!document) return std::nullopt;
  std::optional<std::string> canonical, og;
  walk_tree(
      document->head(),
      [&](const GumboNode* node) {
        if (!is_element(node)) return true;
        if (tag(node) == GUMBO_TAG_LINK && !canonical && has_token(attribute_or_empty(node, "rel"), "canonical"))
          if (auto url = item_url(trim(attribute_or_empty(node, "href")))) canonical = url->link;
        if (tag(node) == GUMBO_TAG_META && !og && lower(attribute_or_empty(node, "property")) == "og:url")
          if (auto url = item_url(trim(attribute_or_empty(node, "content")))) og = url->link;
        return true;
      },
      [](const GumboNode*) {});
  return canonical ? canonical : og;
}

std::vector<std::string> robots_sitemaps(std::string_view robots_text, std::string_view robots_url) {
  std::vector<std::string> found;
  std::size_t at = 0;
  while (at < robots_text.size() && found.size() < k_max_named_candidates) {
    std::size_t end = robots_text.find('\n', at);
    if (end == std::string_view::npos) end = robots_text.size();
    std::string_view line = robots_text.substr(at, end - at);
    at = end + 1;
    line = trim(line.substr(0, line.find('#')));
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || lower(trim(line.substr(0, colon))) != "sitemap") continue;
    auto url = item_url(trim(line.substr(colon + 1)), robots_url);
    if (url && std::find(found.begin(), found.end(), url->link) == found.end()) found.push_back(url->link);
  }
  return found;
}

const std::vector<std::string>& common_feed_paths() {
  // WordPress (/feed, /?feed=rss2), Hugo (/index.xml), Jekyll (/feed.xml, /atom.xml), Blogger, and the plain names.
  static const std::vector<std::string> paths = {"/feed",     "/rss",        "/rss.xml",
                                                 "/feed.xml", "/atom.xml",   "/index.xml",
                                                 "/feed/",    "/?feed=rss2", "/feeds/posts/default"};
  return paths;
}

const std::vector<std::string>& common_sitemap_paths() {
  static const std::vector<std::string> paths = {"/sitemap_news.xml", "/news-sitemap.xml", "/sitemap-news.xml"};
  return paths;
}

std::string on_origin(std::string_view page_url, std::string_view path) {
  const std::string origin = robots_origin(page_url);
  if (origin.rfind("http://", 0) != 0 && origin.rfind("https://", 0) != 0) return "";
  return origin + std::string(path);
}

bool is_comments_feed(const Candidate& candidate) {
  return lower(candidate.title).find("comments") != std::string::npos ||
         lower(robots_path(candidate.url)).find("/comments/") != std::string::npos;
}

bool looks_like_news_sitemap(std::string_view url) {
  return lower(robots_path(url)).find("news") != std::string::npos;
}

}  // namespace newswatch
