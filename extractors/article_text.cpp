#include "extractors/article_text.h"

#include <array>
#include <optional>

#include "extractors/article_text_dense.h"
#include "extractors/auto_jsonld.h"
#include "extractors/blocks.h"
#include "extractors/html.h"
#include "extractors/selector.h"

namespace newswatch {
namespace {

/// Where a site's article pages keep their text: the first element the selector finds, less what `skip` names.
struct ArticleLayout {
  std::string_view extractor;
  std::string_view container;  ///< CSS selector (selector.h); the first match holds the text
  std::string_view skip;       ///< CSS selector of elements inside it that are not text ("" for none)
};

// NK News (real snapshots in tests/fixtures/nknews): the full text sits in div#fullContent inside
// .editor-content (hidden by style until a script shows it), beside #excerptContent, a truncated copy.
// JoongAng Daily (SITES.md, second-hand): #article_body, text between <br>s, with a photo caption
// (.caption) and an inline "Related Article" box (.related-article), both furniture to article_text_blocks.
constexpr std::array<ArticleLayout, 2> k_article_layouts = {{
    {"nknews", "#fullContent, .editor-content", "#excerptContent"},
    {"joongang", "#article_body, .article-body", ""},
}};

const ArticleLayout* find_layout(std::string_view extractor) {
  for (const ArticleLayout& layout : k_article_layouts)
    if (layout.extractor == extractor) return &layout;
  return nullptr;
}

/// The text of the site's layout, or nullopt when the page does not have it (a redesign, another page type).
std::optional<Paragraphs> layout_text(const HtmlDocument& doc, const ArticleLayout& layout) {
  auto container = Selector::compile(layout.container);
  if (!container) return std::nullopt;  // the table's selectors are tested; never taken
  const GumboNode* holder = container->select_first(doc.root());
  if (!holder) return std::nullopt;
  std::optional<Selector> skip;
  if (!layout.skip.empty())
    if (auto compiled = Selector::compile(layout.skip)) skip = std::move(*compiled);
  Paragraphs text = collect_paragraphs(
      holder, [&skip, holder](const GumboNode* node) { return skip && skip->matches(node, holder); });
  if (text.text.empty()) return std::nullopt;
  return text;
}

/// JSON-LD articleBody as paragraphs: one per non-blank line, whitespace collapsed.
Paragraphs json_ld_text(const HtmlDocument& doc) {
  Paragraphs out;
  const std::string body = json_ld_article_body(doc);
  for (std::size_t start = 0; start < body.size();) {
    std::size_t end = std::min(body.find('\n', start), body.size());
    if (!append_paragraph(out, clean_text(std::string_view(body).substr(start, end - start)))) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

bool has_article_layout(std::string_view extractor) {
  return find_layout(extractor) != nullptr;
}

Result<ArticleText> article_text(std::string_view html, std::string_view extractor) {
  if (looks_binary(html)) return fail(ErrorKind::parse, "article page is binary data, not HTML");
  auto doc = HtmlDocument::parse(html);
  if (!doc) return tl::unexpected(doc.error());
  if (const ArticleLayout* layout = find_layout(extractor))
    if (auto text = layout_text(*doc, *layout)) return ArticleText{std::move(text->text), "layout", text->truncated};
  if (Paragraphs text = json_ld_text(*doc); !text.text.empty())
    return ArticleText{std::move(text.text), "json-ld", text.truncated};
  if (const GumboNode* block = densest_block(doc->root())) {
    Paragraphs text = collect_paragraphs(block);
    if (!text.text.empty()) return ArticleText{std::move(text.text), "dense-block", text.truncated};
  }
  return ArticleText{{}, "none", false};
}

}  // namespace newswatch
