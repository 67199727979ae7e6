#pragma once
// A small CSS-selector engine over Gumbo: enough of Selectors Level 3 for
// listing pages. Supported: type and `*`, `.class`, `#id`, `[attr]`,
// `[attr=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]`, `[attr~=v]` (quoted or
// bare values), compounds (`a.foo[href^=x]`), the descendant and `>` child
// combinators, and `,` groups. As in parsel/cssselect, ancestors are only
// looked for inside the node selected from (the scope), and the scope itself
// is not a result.
//
// Matching is linear per element, never backtracking (`section div div div`
// over deep nesting): walking down from the scope, each element on the path
// keeps one bit per compound part: "parts 0..k match ending here" and "ending
// here or at an ancestor". An element's bits follow from its parent's bits
// and at most one compound test per part, as a browser's memoised
// right-to-left matcher would compute them.

#include <gumbo.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/error.h"

namespace newswatch {

class Selector {
 public:
  /// Work done by a match, for tests that bound it.
  struct MatchStats {
    std::size_t compound_tests = 0;  ///< compounds tested against an element
  };
  /// Compound parts one complex selector may have.
  static constexpr std::size_t k_max_parts = 64;

  /// Compiles `text`; fails with ErrorKind::config and a message naming the
  /// 1-based column of the problem (or a complex selector over k_max_parts parts).
  static Result<Selector> compile(std::string_view text);

  /// Every descendant of `scope` matching, in document order, each once; adds its work to `stats`.
  std::vector<const GumboNode*> select(const GumboNode* scope, MatchStats* stats = nullptr) const;
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
  std::string m_source;
  std::vector<Complex> m_groups;
};

}  // namespace newswatch
