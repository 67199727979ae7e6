#include "extractors/article_text_blocks.h"

#include <array>
#include <cctype>
#include <string_view>

#include "extractors/html.h"

namespace newswatch {
namespace {

/// A paragraph whose text is more than this share links is a list of headlines or a "read more" line.
constexpr double k_max_link_share = 0.6;

bool is_furniture_tag(GumboTag t) noexcept {
  switch (t) {
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: return true;
    default: return false;
  }
}

// Words in a class or id that name furniture. Matched inside a token ("related-article-wrapper",
// "sticky-social-icons"), so each is specific enough not to occur in a content container's name.
constexpr std::array<std::string_view, 24> k_furniture_words = {
    "related", "share",     "social",    "newsletter", "subscribe",  "signup",    "sidebar", "caption",
    "promo",   "advert",    "sponsor",   "comment",    "breadcrumb", "recommend", "popular", "trending",
    "more-in", "read-more", "read_more", "widget",     "byline",     "toolbar",   "gnb",     "cookie"};

// Whole tokens that name furniture but are too short to look for inside other words.
constexpr std::array<std::string_view, 9> k_furniture_tokens = {"ad",     "ads",    "tags",   "nav",  "menu",
                                                                "footer", "header", "banner", "print"};

bool furniture_token(std::string_view token) noexcept {
  std::string lower;
  lower.reserve(token.size());
  for (char c : token) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : k_furniture_tokens)
    if (lower == word) return true;
  if (lower.starts_with("ad-") || lower.starts_with("ads-") || lower.starts_with("tag-")) return true;
  for (std::string_view word : k_furniture_words)
    if (lower.find(word) != std::string::npos) return true;
  return false;
}

bool furniture_name(const char* value) noexcept {
  if (!value) return false;
  std::string_view rest(value);
  while (!rest.empty()) {
    std::size_t start = rest.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) return false;
    rest.remove_prefix(start);
    std::size_t end = rest.find_first_of(" \t\n\r\f");
    if (furniture_token(rest.substr(0, end))) return true;
    if (end == std::string_view::npos) return false;
    rest.remove_prefix(end);
  }
  return false;
}

bool ends_paragraph(GumboTag t) noexcept {
  switch (t) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_HR: return true;
    default: return t >= GUMBO_TAG_H1 && t <= GUMBO_TAG_H6;
  }
}

/// The UTF-8 prefix of `text` of at most `bytes` bytes that does not split a character.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes) noexcept {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

/// One paragraph being read: its raw text and how much of it is link text.
struct Pending {
  std::string raw;
  std::size_t link_bytes = 0;
};

}  // namespace

bool is_furniture(const GumboNode* node) noexcept {
  if (!is_element(node)) return false;
  if (is_furniture_tag(tag(node))) return true;
  if (const char* role = attribute(node, "role")) {
    std::string_view r(role);
    if (r == "navigation" || r == "complementary" || r == "banner" || r == "contentinfo" || r == "search") return true;
  }
  if (const char* hidden = attribute(node, "aria-hidden"); hidden && std::string_view(hidden) == "true") return true;
  return furniture_name(attribute(node, "class")) || furniture_name(attribute(node, "id"));
}

bool append_paragraph(Paragraphs& out, std::string_view paragraph) {
  if (paragraph.empty()) return true;
  const std::size_t separator = out.text.empty() ? 0 : 2;
  if (out.text.size() + separator + paragraph.size() > k_max_article_text_bytes) {
    const std::size_t room = k_max_article_text_bytes - std::min(k_max_article_text_bytes, out.text.size() + separator);
    std::string_view head = utf8_prefix(paragraph, room);
    if (!head.empty()) {
      if (separator) out.text += "\n\n";
      out.text += head;
      ++out.count;
    }
    out.truncated = true;
    return false;
  }
  if (separator) out.text += "\n\n";
  out.text += paragraph;
  ++out.count;
  return true;
}

Paragraphs collect_paragraphs(const GumboNode* container, const std::function<bool(const GumboNode*)>& also_skip) {
  Paragraphs out;
  Pending pending;
  int links_open = 0;
  bool full = false;
  auto flush = [&] {
    if (full || pending.raw.empty()) return;
    const bool mostly_links = static_cast<double>(pending.link_bytes) > k_max_link_share * pending.raw.size();
    std::string paragraph = clean_text(pending.raw);
    if (!mostly_links) full = !append_paragraph(out, paragraph);
    pending = Pending{};
  };
  walk_tree(
      container,
      [&](const GumboNode* node) {
        if (full) return false;
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
          // A paragraph with no block inside it is read at most to twice the bound (whitespace collapses).
          std::string_view text(node->v.text.text);
          text = utf8_prefix(text,
                             2 * k_max_article_text_bytes - std::min(pending.raw.size(), 2 * k_max_article_text_bytes));
          pending.raw += text;
          if (links_open > 0) pending.link_bytes += text.size();
          return false;
        }
        if (!is_element(node)) return node->type == GUMBO_NODE_DOCUMENT;
        if (tag(node) == GUMBO_TAG_A) ++links_open;  // before any skip: leave() is called for skipped nodes too
        if (node != container && (is_furniture(node) || (also_skip && also_skip(node)))) return false;
        if (ends_paragraph(tag(node))) flush();
        return true;
      },
      [&](const GumboNode* node) {
        if (!is_element(node)) return;
        if (tag(node) == GUMBO_TAG_A) --links_open;
        if (ends_paragraph(tag(node))) flush();
      });
  flush();
  return out;
}

}  // namespace newswatch
