#include "extractors/article_text_dense.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extractors/article_text_blocks.h"
#include "extractors/html.h"

namespace newswatch {
namespace {

bool is_paragraph_tag(GumboTag t) noexcept {
  return t == GUMBO_TAG_P || t == GUMBO_TAG_PRE || t == GUMBO_TAG_BLOCKQUOTE;
}

/// Inline elements: text inside them belongs to the paragraph of the block around them.
bool is_inline(GumboTag t) noexcept {
  switch (t) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_LABEL: return true;
    default: return false;
  }
}

bool is_main_region(const GumboNode* node) noexcept {
  if (tag(node) == GUMBO_TAG_ARTICLE || tag(node) == GUMBO_TAG_MAIN) return true;
  const char* role = attribute(node, "role");
  return role && std::string_view(role) == "main";
}

/// Bytes of non-space text (whitespace runs are not content).
std::size_t content_bytes(std::string_view text) noexcept {
  std::size_t n = 0;
  for (char c : text) n += !(c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f');
  return n;
}

/// An element open on the walk's path: the text read below it so far, and where it scores.
struct OpenBlock {
  const GumboNode* node;
  bool in_main = false;   ///< inside (or is) an <article>, <main> or role="main"
  std::size_t text = 0;   ///< content bytes below it (furniture excluded), children's added as they close
  std::size_t links = 0;  ///< of which inside <a>
  std::size_t loose = 0;  ///< content bytes of its direct text children since its last <br> or block child
  std::size_t loose_links = 0;
};

class Scorer {
 public:
  void enter_element(const GumboNode* node) {
    const bool in_main = (!m_path.empty() && m_path.back().in_main) || is_main_region(node);
    const bool block = !is_inline(tag(node));
    if (block && !m_blocks.empty()) end_loose_run();  // a <br> or a block child ends the run of loose text
    if (tag(node) == GUMBO_TAG_A) ++m_links_open;
    m_path.push_back(OpenBlock{node, in_main});
    if (block) m_blocks.push_back(m_path.size() - 1);
  }
  void text(std::string_view text) {
    if (m_path.empty()) return;
    const std::size_t bytes = content_bytes(text);
    OpenBlock& holder = m_path.back();
    holder.text += bytes;
    if (m_links_open > 0) holder.links += bytes;
    if (m_blocks.empty()) return;
    OpenBlock& block = m_path[m_blocks.back()];
    block.loose += bytes;
    if (m_links_open > 0) block.loose_links += bytes;
  }
  void leave_element() {
    if (!m_blocks.empty() && m_blocks.back() == m_path.size() - 1) {
      end_loose_run();
      m_blocks.pop_back();
    }
    const OpenBlock done = m_path.back();
    m_path.pop_back();
    if (tag(done.node) == GUMBO_TAG_A) --m_links_open;
    if (m_path.empty()) return;
    m_path.back().text += done.text;
    m_path.back().links += done.links;
    if (is_paragraph_tag(tag(done.node))) credit(m_path.size(), done.text, done.links);
  }
  const GumboNode* best() const {
    const GumboNode* best = nullptr;
    double top = k_min_block_score - 1;
    for (const GumboNode* node : m_order) {
      const Score& s = m_scores.at(node);
      if (m_main_scored && !s.in_main) continue;
      if (s.score > top) top = s.score, best = node;
    }
    return best;
  }

 private:
  struct Score {
    double score = 0;
    bool in_main = false;
  };
  /// Text written straight into the innermost open block between <br>s (a body without <p>s) is a
  /// paragraph of that block; inside a <p> it is the <p>'s own text, credited when the <p> closes.
  void end_loose_run() {
    const std::size_t at = m_blocks.back();
    OpenBlock& open = m_path[at];
    const std::size_t loose = open.loose, loose_links = open.loose_links;
    open.loose = open.loose_links = 0;
    if (!is_paragraph_tag(tag(open.node))) credit(at + 1, loose, loose_links);
  }
  /// Credits a paragraph to m_path[end - 1], the open element holding it, and half as much to its parent.
  void credit(std::size_t end, std::size_t text, std::size_t links) {
    if (text < k_min_paragraph_chars) return;
    const double value = static_cast<double>(text - std::min(text, links));
    for (std::size_t level = 0; level < 2 && level < end; ++level) {
      const OpenBlock& open = m_path[end - 1 - level];
      auto [it, fresh] = m_scores.try_emplace(open.node, Score{0, open.in_main});
      if (fresh) m_order.push_back(open.node);
      it->second.score += level == 0 ? value : value / 2;
      if (open.in_main) m_main_scored = true;
    }
  }

  std::vector<OpenBlock> m_path;
  std::vector<std::size_t> m_blocks;  ///< indexes into m_path of its non-inline elements
  int m_links_open = 0;
  std::unordered_map<const GumboNode*, Score> m_scores;
  std::vector<const GumboNode*> m_order;  ///< scored elements, first scored first (ties go to the earlier)
  bool m_main_scored = false;
};

}  // namespace

const GumboNode* densest_block(const GumboNode* root) {
  Scorer scorer;
  walk_tree(
      root,
      [&](const GumboNode* node) {
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
          scorer.text(node->v.text.text);
          return false;
        }
        if (!is_element(node)) return node->type == GUMBO_NODE_DOCUMENT;
        if (is_furniture(node)) return false;
        scorer.enter_element(node);
        return true;
      },
      [&](const GumboNode* node) {
        if (is_element(node) && !is_furniture(node)) scorer.leave_element();
      });
  return scorer.best();
}

}  // namespace newswatch
