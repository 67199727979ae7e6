#include "extractors/article_title.h"

#include <cstring>

#include "extractors/html.h"

namespace newswatch {
namespace {

/// The first element below `root` for which `match` holds, or nullptr (an iterative walk: pages are hostile).
template <class Match>
const GumboNode* first_element(const GumboNode* root, Match&& match) {
  const GumboNode* found = nullptr;
  walk_tree(
      root,
      [&](const GumboNode* node) {
        if (found) return false;
        if (is_element(node) && match(node)) found = node;
        return !found;
      },
      [](const GumboNode*) {});
  return found;
}

std::optional<std::string> non_empty(std::string text) {
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace

std::optional<std::string> article_title(std::string_view html) {
  auto doc = HtmlDocument::parse(html);
  if (!doc) return std::nullopt;
  const GumboNode* og = first_element(doc->head(), [](const GumboNode* node) {
    const char* property = attribute(node, "property");
    return tag(node) == GUMBO_TAG_META && property && std::strcmp(property, "og:title") == 0 &&
           attribute(node, "content");
  });
  if (og)
    if (auto title = non_empty(clean_text(attribute(og, "content")))) return title;
  const GumboNode* h1 = first_element(doc->html(), [](const GumboNode* node) { return tag(node) == GUMBO_TAG_H1; });
  if (h1)
    if (auto title = non_empty(text(h1))) return title;
  const GumboNode* title =
      first_element(doc->head(), [](const GumboNode* node) { return tag(node) == GUMBO_TAG_TITLE; });
  if (title) return non_empty(text(title));
  return std::nullopt;
}

}  // namespace newswatch
