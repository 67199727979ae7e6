#include "extractors/css.h"

#include <algorithm>
#include <unordered_set>

#include "extractors/blocks.h"
#include "extractors/dates.h"
#include "extractors/html.h"
#include "extractors/selector.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

// One configured field: where to look and whether to read text or an attribute.
struct Field {
  std::optional<Selector> selector;  ///< nullopt: the item element itself
  std::string attr;                  ///< empty: visible text
  bool configured = false;
};

Result<Field> compile_field(std::string_view name, std::string_view spec) {
  Field f;
  size_t b = spec.find_first_not_of(" \t"), e = spec.find_last_not_of(" \t");
  if (b == std::string_view::npos) return f;
  spec = spec.substr(b, e - b + 1);
  f.configured = true;
  size_t at = spec.rfind('@');
  if (at != std::string_view::npos && (at == 0 || spec[at - 1] == ' ' || spec[at - 1] == '\t')) {
    f.attr = std::string(spec.substr(at + 1));
    spec = spec.substr(0, at);
    while (!spec.empty() && (spec.back() == ' ' || spec.back() == '\t')) spec.remove_suffix(1);
    if (f.attr.empty())
      return fail(ErrorKind::config, "selectors." + std::string(name) + ": empty attribute after '@'");
  }
  if (spec.empty()) return f;
  // "+ dd", "~ p.summary": a field beside the item, among its following siblings.
  const bool beside = spec[0] == '+' || spec[0] == '~';
  auto sel = beside ? Selector::compile_relative(spec) : Selector::compile(spec);
  if (!sel) return fail(ErrorKind::config, "selectors." + std::string(name) + ": " + sel.error().message);
  f.selector = std::move(*sel);
  return f;
}

std::string value_of(const Field& f, const GumboNode* node) {
  if (f.attr.empty()) return text(node);
  const char* v = attribute(node, f.attr.c_str());
  return v ? clean_text(v) : std::string();
}

// The item elements of a page: a field beside an item stops at the next one.
using ItemSet = std::unordered_set<const GumboNode*>;

std::vector<const GumboNode*> field_nodes(const Field& f, const GumboNode* item, const ItemSet& items) {
  if (!f.selector->source().empty() && (f.selector->source()[0] == '+' || f.selector->source()[0] == '~'))
    return f.selector->select_relative(item, nullptr, [&](const GumboNode* n) { return items.count(n) > 0; });
  return f.selector->select(item);
}

std::vector<std::string> values(const Field& f, const GumboNode* item, const ItemSet& items) {
  std::vector<std::string> out;
  if (!f.configured) return out;
  if (!f.selector) {
    if (std::string v = value_of(f, item); !v.empty()) out.push_back(std::move(v));
    return out;
  }
  for (const GumboNode* n : field_nodes(f, item, items))
    if (std::string v = value_of(f, n); !v.empty()) out.push_back(std::move(v));
  return out;
}

std::string first_value(const Field& f, const GumboNode* item, const ItemSet& items) {
  if (!f.configured) return {};
  if (!f.selector) return value_of(f, item);
  // The first match with a value: a card often repeats a link around an image.
  for (const GumboNode* n : field_nodes(f, item, items))
    if (std::string v = value_of(f, n); !v.empty()) return v;
  return {};
}

// "A | B" in one byline element is two authors.
void add_split(std::vector<std::string>& out, const std::string& value) {
  size_t start = 0;
  while (start <= value.size()) {
    size_t bar = value.find('|', start);
    if (bar == std::string::npos) bar = value.size();
    std::string part = clean_text(std::string_view(value).substr(start, bar - start));
    if (!part.empty() && std::find(out.begin(), out.end(), part) == out.end()) out.push_back(std::move(part));
    start = bar + 1;
  }
}

class CssExtractor final : public Extractor {
 public:
  Field item, title, link, summary, published, authors, tags;

  Result<std::vector<Item>> extract(std::string_view html, std::string_view page_url) const override {
    return extract_with(html, page_url, {}, nullptr);
  }

  Result<std::vector<Item>> extract_with(std::string_view html, std::string_view page_url,
                                         const ExtractOptions& options, ExtractReport* report) const override {
    if (looks_binary(html)) return fail(ErrorKind::parse, "page is binary data, not HTML");
    auto doc = HtmlDocument::parse(html);
    if (!doc) return tl::unexpected(doc.error());
    std::vector<const GumboNode*> nodes = item.selector->select(doc->root());
    const ItemSet set(nodes.begin(), nodes.end());
    std::vector<Item> items;
    const UrlResolver resolver(page_url);
    for (const GumboNode* node : nodes) {
      std::optional<ItemUrl> url = resolver.resolve(first_value(link, node, set));
      if (!url) continue;
      Item it;
      it.url = std::move(url->link);
      it.key = std::move(url->key);
      it.title = first_value(title, node, set);
      if (it.title.empty()) continue;
      it.summary = first_value(summary, node, set);
      if (std::string when = first_value(published, node, set); !when.empty()) {
        it.published = parse_date(when, options.dates);
        if (!it.published) it.published = find_date(when, options.dates.utc_offset);
        if (report && it.published) ++report->dates_parsed;
        if (report && !it.published && report->dates_unparsed.size() < 3) report->dates_unparsed.push_back(when);
      }
      for (const std::string& a : values(authors, node, set)) add_split(it.authors, a);
      for (std::string& t : values(tags, node, set))
        if (std::find(it.tags.begin(), it.tags.end(), t) == it.tags.end()) it.tags.push_back(std::move(t));
      items.push_back(std::move(it));
    }
    return merge_duplicates(std::move(items));
  }
};

}  // namespace

Result<std::unique_ptr<const Extractor>> make_css_extractor(const SelectorConfig& s) {
  auto ex = std::make_unique<CssExtractor>();
  const std::pair<const char*, std::pair<const std::string*, Field*>> fields[] = {
      {"item", {&s.item, &ex->item}},
      {"title", {&s.title, &ex->title}},
      {"link", {&s.link, &ex->link}},
      {"summary", {&s.summary, &ex->summary}},
      {"published", {&s.published, &ex->published}},
      {"authors", {&s.authors, &ex->authors}},
      {"tags", {&s.tags, &ex->tags}}};
  std::string problems;  // every bad selector, one per line
  for (const auto& [name, slot] : fields) {
    auto f = compile_field(name, *slot.first);
    if (!f) problems += (problems.empty() ? "" : "\n") + f.error().message;
    if (f) *slot.second = std::move(*f);
  }
  if (!problems.empty()) return fail(ErrorKind::config, problems);
  for (const auto& [name, slot] : {fields[0], fields[1], fields[2]})
    if (!slot.second->configured) return fail(ErrorKind::config, std::string("selectors.") + name + " is required");
  if (!ex->item.selector || !ex->item.attr.empty())
    return fail(ErrorKind::config, "selectors.item must be a selector without '@attr'");
  return std::unique_ptr<const Extractor>(std::move(ex));
}

std::optional<std::string> validate_selectors(const SelectorConfig& selectors) {
  auto ex = make_css_extractor(selectors);
  if (ex) return std::nullopt;
  return ex.error().message;
}

}  // namespace newswatch
