#pragma once
// "Does this link look like an article of this site?", for the auto extractor,
// from the URL alone. News sites name articles in a few ways: a date in the path
// (/2020/06/05/slug, /20200605/), a numeric or hex id (/article/912852,
// /1100512345/Title, /ec4d302bbdce-slug.html), or a long slug of several words.
// Section fronts, tags, authors, pagers, search, feeds and utility pages have
// short, known names (/category/news/, /tag/x, /author/y, /page/2, /search) and
// are refused whatever else the URL shows. Only links on the page's own site
// count: its host, or a host sharing its registrable domain (www.x.com and
// english.x.com).

#include <string>
#include <string_view>

namespace newswatch {

/// What an URL's shape says about it.
struct UrlShape {
  bool on_site = false;      ///< same registrable domain as the page
  bool dated = false;        ///< a year (and month) in the path, or a yyyymmdd segment
  bool numeric_id = false;   ///< a segment of >= 4 digits, or a slug led or ended by a long number/hex id
  bool long_slug = false;    ///< a last segment of four or more words
  std::string_view refused;  ///< why it can never be an article ("tag", "author", "page", ...); empty if not refused
  /// 0 when not an article; else 1 (slug only) to 3 (date and id): how sure the shape is.
  int score() const noexcept;
};

/// Judges the links of one page: the page URL's host is read once.
class ArticleUrls {
 public:
  explicit ArticleUrls(std::string_view page_url);
  /// The shape of canonical `url` as a link found on the page.
  UrlShape shape(std::string_view url) const;

 private:
  std::string m_page_url, m_page_host;
};

/// The shape of canonical `url` as a link found on `page_url` (ArticleUrls for many links).
UrlShape article_url_shape(std::string_view url, std::string_view page_url);

/// True when hosts `a` and `b` share a registrable domain (the last two labels, three
/// under a two-letter country code with a short second level such as co.uk or com.au).
bool same_site(std::string_view a, std::string_view b) noexcept;

}  // namespace newswatch
