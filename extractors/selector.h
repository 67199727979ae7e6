#pragma once
// A small CSS-selector engine over Gumbo: enough of Selectors Level 3 for
// listing pages. Supported: type and `*`, `.class`, `#id`, `[attr]`,
// `[attr=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]`, `[attr~=v]` (quoted or
// bare values), compounds (`a.foo[href^=x]`), the descendant and `>` child
// combinators, and `,` groups. A selector is compiled once and then matched
// right to left, walking up parents, so a visit allocates nothing. As in
// parsel/cssselect, ancestors are only looked for inside the node selected
// from (the scope), and the scope itself is not a result.

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "config/error.h"

namespace newswatch {

class Selector {
 public:
  /// Compiles `text`; fails with ErrorKind::config and a message naming the
  /// 1-based column of the problem.
  static Result<Selector> compile(std::string_view text);

  /// Every descendant of `scope` matching, in document order, each once.
  std::vector<const GumboNode*> select(const GumboNode* scope) const;
  /// The first descendant of `scope` matching in document order, or nullptr.
  const GumboNode* select_first(const GumboNode* scope) const;
  /// True when `node` matches, with ancestors looked for up to `scope` inclusive.
  bool matches(const GumboNode* node, const GumboNode* scope = nullptr) const;
  /// The text the selector was compiled from.
  const std::string& source() const noexcept { return m_source; }

  enum class AttrOp { exists, equals, prefix, suffix, contains, word };
  struct AttrTest {
    std::string name;
    AttrOp op = AttrOp::exists;
    std::string value;
  };
  struct Compound {
    std::string tag_name;  ///< empty = any element
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    std::string id;
    std::vector<std::string> classes;
    std::vector<AttrTest> attrs;
  };
  enum class Combinator { descendant, child };
  struct Complex {
    std::vector<Compound> parts;          ///< left to right
    std::vector<Combinator> combinators;  ///< combinators[i] joins parts[i] and parts[i+1]
  };

 private:
  bool matches_complex(const Complex& c, size_t part, const GumboNode* node, const GumboNode* scope) const;

  std::string m_source;
  std::vector<Complex> m_groups;
};

}  // namespace newswatch
