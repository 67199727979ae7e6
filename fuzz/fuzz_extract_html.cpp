// Every registry extractor (the built-in sites and a css one with the example
// selectors) on arbitrary bytes taken as a page: no crash, no leak, no hang,
// and every item it returns has an http(s) URL. The depth pre-scan is checked
// too: HtmlDocument::parse trusts it as an upper bound of the tree's depth.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "extractors/depth_scan.h"
#include "extractors/extractor.h"
#include "extractors/html.h"

namespace {

const newswatch::SelectorConfig k_css_selectors{"article.story",  "h2 a",    "h2 a @href",  "p.excerpt",
                                                "time @datetime", ".byline", "ul.tags > li"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view html(reinterpret_cast<const char*>(data), size);
  if (auto doc = newswatch::HtmlDocument::parse(html);
      doc && newswatch::tree_depth(doc->root()) > newswatch::markup_depth_bound(html, newswatch::k_max_tree_depth))
    std::abort();  // the pre-scan said the page was shallower than Gumbo built it
  for (std::string_view name : newswatch::extractor_names()) {
    auto extractor = newswatch::make_extractor(name, name == "css" ? std::optional(k_css_selectors) : std::nullopt);
    if (!extractor) std::abort();  // the registry's own rows must build
    std::string_view page_url = newswatch::default_page_url(name);
    auto items = (*extractor)->extract(html, page_url.empty() ? "https://example.org/news/" : page_url);
    if (!items) continue;
    for (const auto& item : *items)
      if (!item.url.starts_with("http://") && !item.url.starts_with("https://")) std::abort();
  }
  return 0;
}
