// The extractor table: one row per extractor, in the order `extractor_names()`
// lists them. No static self-registration (it silently drops rows from static
// libraries): adding a site is one function in sites/ and one row here.

#include <array>

#include "extractors/auto.h"
#include "extractors/blocks.h"
#include "extractors/css.h"
#include "extractors/extractor.h"
#include "extractors/feed.h"
#include "extractors/sitemap.h"
#include "extractors/sites/sites.h"

namespace newswatch {
namespace {

using SiteFunction = std::vector<Item> (*)(const HtmlDocument&, std::string_view);

// A built-in extractor: parse once, run the site function, merge duplicates.
class SiteExtractor final : public Extractor {
 public:
  explicit SiteExtractor(SiteFunction f) : m_function(f) {}

  Result<std::vector<Item>> extract(std::string_view html, std::string_view page_url) const override {
    if (looks_binary(html)) return fail(ErrorKind::parse, "page is binary data, not HTML");
    auto doc = HtmlDocument::parse(html);
    if (!doc) return tl::unexpected(doc.error());
    return merge_duplicates(m_function(*doc, page_url));
  }

 private:
  SiteFunction m_function;
};

using Factory = Result<std::unique_ptr<const Extractor>> (*)(const std::optional<SelectorConfig>&);

template <SiteFunction F>
Result<std::unique_ptr<const Extractor>> make_site(const std::optional<SelectorConfig>&) {
  return std::unique_ptr<const Extractor>(std::make_unique<SiteExtractor>(F));
}

Result<std::unique_ptr<const Extractor>> make_auto(const std::optional<SelectorConfig>&) {
  return make_auto_extractor();
}

Result<std::unique_ptr<const Extractor>> make_css(const std::optional<SelectorConfig>& selectors) {
  if (!selectors) return fail(ErrorKind::config, "extractor \"css\" needs [site.selectors]");
  return make_css_extractor(*selectors);
}

Result<std::unique_ptr<const Extractor>> make_feed(const std::optional<SelectorConfig>&) {
  return make_feed_extractor();
}

Result<std::unique_ptr<const Extractor>> make_sitemap(const std::optional<SelectorConfig>&) {
  return make_sitemap_extractor();
}

struct Row {
  std::string_view name;
  std::string_view default_url;
  Factory factory;
};

constexpr std::array<Row, 7> k_extractors = {{
    {"nknews", "https://www.nknews.org/category/news/", make_site<extract_nknews>},
    {"menafn", "https://menafn.com/", make_site<extract_menafn>},
    {"joongang", "https://koreajoongangdaily.joins.com/section/northKorea", make_site<extract_joongang>},
    {"css", "", make_css},
    {"auto", "", make_auto},
    {"feed", "", make_feed},
    {"sitemap", "", make_sitemap},
}};

const Row* find_row(std::string_view name) {
  for (const Row& row : k_extractors)
    if (row.name == name) return &row;
  return nullptr;
}

}  // namespace

Result<std::unique_ptr<const Extractor>> make_extractor(std::string_view name,
                                                        const std::optional<SelectorConfig>& selectors) {
  const Row* row = find_row(name);
  if (!row) return fail(ErrorKind::config, "unknown extractor \"" + std::string(name) + "\"");
  return row->factory(selectors);
}

std::vector<std::string_view> extractor_names() {
  std::vector<std::string_view> out;
  for (const Row& row : k_extractors) out.push_back(row.name);
  return out;
}

std::string_view default_page_url(std::string_view name) {
  const Row* row = find_row(name);
  return row ? row->default_url : std::string_view();
}

}  // namespace newswatch
