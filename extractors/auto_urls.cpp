#include "extractors/auto_urls.h"

#include <array>
#include <cctype>

#include "extractors/blocks.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

// Path segments that make a URL a section front, an index or a utility page wherever they
// appear: what a listing links to besides articles.
constexpr std::array<std::string_view, 44> k_refused_segments = {
    "tag",         "tags",         "category", "categories",     "section",      "sections",  "topic",     "topics",
    "author",      "authors",      "writer",   "writers",        "reporter",     "reporters", "columnist", "columnists",
    "contributor", "contributors", "profile",  "profiles",       "people",       "page",      "search",    "login",
    "signin",      "sign-in",      "register", "subscribe",      "subscription", "account",   "about",     "about-us",
    "contact",     "contact-us",   "privacy",  "privacy-policy", "terms",        "feed",      "rss",       "newsletter",
    "newsletters", "archive",      "archives", "wp-login.php"};

// File types that are never an article page.
constexpr std::array<std::string_view, 12> k_refused_extensions = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
                                                                   ".pdf", ".xml",  ".rss", ".mp3", ".mp4",  ".zip"};

bool digits_only(std::string_view s) {
  return all_digits(s);
}

bool is_year(std::string_view s) {
  return s.size() == 4 && digits_only(s) && (s.starts_with("19") || s.starts_with("20"));
}

bool is_month_or_day(std::string_view s) {
  return (s.size() == 1 || s.size() == 2) && digits_only(s);
}

// "2020-06-05", "20200605": a whole date in one segment.
bool is_date_segment(std::string_view s) {
  if (s.size() == 8 && digits_only(s)) return is_year(s.substr(0, 4));
  return s.size() >= 10 && is_year(s.substr(0, 4)) && (s[4] == '-' || s[4] == '_') && digits_only(s.substr(5, 2));
}

bool is_hex_id(std::string_view s) {
  if (s.size() < 8) return false;
  bool digit = false;
  for (char c : s) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    digit = digit || std::isdigit(static_cast<unsigned char>(c));
  }
  return digit;
}

std::string_view strip_extension(std::string_view s) {
  std::size_t dot = s.rfind('.');
  if (dot != std::string_view::npos && s.size() - dot <= 5) return s.substr(0, dot);
  return s;
}

// A slug led or ended by an id: "912852", "ec4d302bbdce-delayed-games", "kim-meets-putin-12345".
bool has_id(std::string_view segment) {
  segment = strip_extension(segment);
  if (segment.size() >= 4 && digits_only(segment)) return true;
  std::size_t first = segment.find_first_of("-_"), last = segment.find_last_of("-_");
  if (first == std::string_view::npos) return is_hex_id(segment);
  std::string_view head = segment.substr(0, first), tail = segment.substr(last + 1);
  return (head.size() >= 5 && digits_only(head)) || is_hex_id(head) || (tail.size() >= 5 && digits_only(tail));
}

std::size_t words_in_slug(std::string_view segment) {
  segment = strip_extension(segment);
  std::size_t words = 0;
  bool in_word = false;
  for (char c : segment) {
    bool letter = std::isalnum(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    if (letter && !in_word) ++words;
    in_word = letter;
  }
  return words;
}

bool ends_with_ci(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

std::string_view refusal(const SitePath& path) {
  for (std::string_view seg : path.segments) {
    for (std::string_view bad : k_refused_segments)
      if (seg == bad) return bad;
    for (std::string_view ext : k_refused_extensions)
      if (ends_with_ci(seg, ext)) return "file";
  }
  if (path.segments.empty()) return "front page";
  return {};
}

}  // namespace

int UrlShape::score() const noexcept {
  if (!on_site || !refused.empty()) return 0;
  int s = (dated ? 1 : 0) + (numeric_id ? 1 : 0) + (long_slug ? 1 : 0);
  return s > 3 ? 3 : s;
}

bool same_site(std::string_view a, std::string_view b) noexcept {
  auto registrable = [](std::string_view host) {
    std::size_t last = host.rfind('.');
    if (last == std::string_view::npos || last == 0) return host;
    std::size_t second = host.rfind('.', last - 1);
    if (second == std::string_view::npos) return host;
    // co.uk, com.au, or.kr: the second level is short and the top level is a country.
    bool country = host.size() - last - 1 == 2 && last - second - 1 <= 3;
    if (!country) return host.substr(second + 1);
    std::size_t third = host.rfind('.', second - 1);
    return third == std::string_view::npos || second == 0 ? host : host.substr(third + 1);
  };
  return !a.empty() && registrable(a) == registrable(b);
}

UrlShape article_url_shape(std::string_view url, std::string_view page_url) {
  return ArticleUrls(page_url).shape(url);
}

ArticleUrls::ArticleUrls(std::string_view page_url) : m_page_url(page_url), m_page_host(url_host(page_url)) {}

UrlShape ArticleUrls::shape(std::string_view url) const {
  UrlShape shape;
  std::string_view host = canonical_host(url);
  shape.on_site = host == m_page_host || same_site(host, m_page_host);
  if (!shape.on_site) return shape;
  // site_path() with the URL's own host known, so every host of the site gives its path.
  std::optional<SitePath> path = site_path(url, m_page_url, {host});
  if (!path) return shape;
  shape.refused = refusal(*path);
  if (!shape.refused.empty()) return shape;
  const auto& seg = path->segments;
  for (std::size_t i = 0; i < seg.size(); ++i) {
    if (is_date_segment(seg[i]) || (is_year(seg[i]) && i + 1 < seg.size() && is_month_or_day(seg[i + 1])))
      shape.dated = true;
    if (has_id(seg[i]) && !is_year(seg[i]) && !is_date_segment(seg[i])) shape.numeric_id = true;
  }
  shape.long_slug = words_in_slug(seg.back()) >= 4;
  // An archive by date (/2020/06/) or a bare id folder is no article without a name or an id after it.
  if (is_month_or_day(seg.back()) || is_year(seg.back())) shape.dated = shape.dated && shape.numeric_id;
  // A query names a view of a page (?page=2, ?s=x) unless the path is already an article's.
  if (path->query_or_fragment && !shape.numeric_id && !shape.dated) shape.long_slug = false;
  return shape;
}

}  // namespace newswatch
