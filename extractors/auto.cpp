#include "extractors/auto.h"

#include <fmt/format.h>

#include "extractors/auto_cards.h"
#include "extractors/auto_jsonld.h"
#include "extractors/auto_selectors.h"
#include "extractors/blocks.h"
#include "extractors/html.h"

namespace newswatch {
namespace {

// Fewer structured items than this is a page describing itself or one carousel, not its listing.
constexpr std::size_t k_min_structured_items = 3;

Result<HtmlDocument> parse_page(std::string_view html) {
  if (looks_binary(html)) return fail(ErrorKind::parse, "page is binary data, not HTML");
  return HtmlDocument::parse(html);
}

class AutoExtractor final : public Extractor {
 public:
  Result<std::vector<Item>> extract(std::string_view html, std::string_view page_url) const override {
    return extract_with(html, page_url, {}, nullptr);
  }

  Result<std::vector<Item>> extract_with(std::string_view html, std::string_view page_url,
                                         const ExtractOptions& options, ExtractReport* report) const override {
    auto doc = parse_page(html);
    if (!doc) return tl::unexpected(doc.error());
    StructuredListing structured = structured_listing(*doc, page_url, options.dates);
    std::vector<Item> items = structured.items.size() >= k_min_structured_items
                                  ? std::move(structured.items)
                                  : listing_items(analyse_cards(*doc, page_url, options.dates));
    if (report)
      for (const Item& item : items) report->dates_parsed += item.published.has_value();
    return items;
  }
};

std::string fraction(std::size_t part, std::size_t whole) {
  return fmt::format("{}/{}", part, whole);
}

void describe_group(std::string& out, const CardGroup& g, const CardAnalysis& a) {
  std::size_t n = g.cards.size();
  out += fmt::format("  {}\n    {} card{} in {} container{}, score {:.2f} (median card quality {:.1f})\n", g.signature,
                     n, n == 1 ? "" : "s", g.containers.size(), g.containers.size() == 1 ? "" : "s", g.score,
                     g.median_quality);
  out += fmt::format("    urls: {} dated, {} with an id, {} long slugs; headlines: median {} words, {} in headings\n",
                     fraction(g.url_dated, n), fraction(g.url_ids, n), fraction(g.url_slugs, n), g.median_words,
                     fraction(g.headings, n));
  out +=
      fmt::format("    fields: {} with a date, {} with a summary\n", fraction(g.dated, n), fraction(g.summarised, n));
  std::string place = g.in_main ? "inside the main content (x1.25)" : "not inside a main element";
  if (g.in_aside) place += "; in an aside/sidebar (x0.4)";
  if (g.in_header) place += "; in the page header (x0.5)";
  if (g.in_footer) place += "; in the footer (x0.2)";
  if (!g.rail.empty()) place += "; a rail: " + g.rail + " (x0.2)";
  out += "    place: " + place + "\n";
  out += "    " + g.verdict + "\n";
  out += fmt::format("    first: \"{}\" {}\n", a.cards[g.cards.front()].item.title, a.cards[g.cards.front()].item.url);
}

}  // namespace

std::unique_ptr<const Extractor> make_auto_extractor() {
  return std::make_unique<AutoExtractor>();
}

Result<std::string> explain_auto(std::string_view html, std::string_view page_url, const ExtractOptions& options) {
  auto doc = parse_page(html);
  if (!doc) return tl::unexpected(doc.error());
  std::string out;
  StructuredListing structured = structured_listing(*doc, page_url, options.dates);
  bool use_structured = structured.items.size() >= k_min_structured_items;
  if (use_structured)
    out += fmt::format("The page's {} lists {} articles: they are the listing (what the page says comes first).\n",
                       structured.source, structured.items.size());
  else
    out +=
        fmt::format("Structured data: {} on-site articles in JSON-LD/microdata (fewer than {}): the layout decides.\n",
                    structured.items.size(), k_min_structured_items);
  CardAnalysis a = analyse_cards(*doc, page_url, options.dates);
  std::vector<Item> items = use_structured ? structured.items : listing_items(a);
  out += fmt::format("Found {} items; {} article links in {} card groups.\n", items.size(), a.cards.size(),
                     a.groups.size());
  if (a.best < 0) return out + "No card of article links: nothing to pin.\n";
  out += "\nChosen group (the main listing):\n";
  describe_group(out, a.groups[static_cast<std::size_t>(a.best)], a);
  std::vector<std::size_t> others;
  for (std::size_t i = 0; i < a.groups.size(); ++i)
    if (static_cast<int>(i) != a.best) others.push_back(i);
  std::stable_sort(others.begin(), others.end(),
                   [&](std::size_t x, std::size_t y) { return a.groups[x].score > a.groups[y].score; });
  if (!others.empty()) out += "\nOther groups, best first:\n";
  for (std::size_t i : others) describe_group(out, a.groups[i], a);
  out += "\nTo pin these cards, use extractor = \"css\" with:\n";
  if (use_structured) out += "# (the items above came from structured data; these selectors give the layout's cards)\n";
  out += selectors_toml(pinned_selectors(*doc, a));
  return out;
}

}  // namespace newswatch
