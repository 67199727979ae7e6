#pragma once
// A small CSS-selector engine over Gumbo: the selectors people copy from
// browser devtools. Supported: type and `*`, `.class`, `#id`, `[attr]`,
// `[attr=v]`, `[attr^=v]`, `[attr$=v]`, `[attr*=v]`, `[attr~=v]`,
// `[attr|=v]` (quoted or bare values, an ` i` flag for ASCII case-insensitive
// values), `:first-child`, `:last-child`, `:only-child`, `:nth-child(an+b)`,
// `:nth-of-type(an+b)` (also `odd`/`even`), `:not(compound, ...)`,
// `:has(relative, ...)` (`:has(> h2)`, `:has(a.more)`, `:has(+ dd)`), the
// descendant, `>`, `+` and `~` combinators, and `,` groups. Anything else is
// an error naming it ("pseudo-class :hover is not supported"). As in
// parsel/cssselect, ancestors and previous siblings are only looked for
// inside the node selected from (the scope), and the scope itself is not a result.
//
// Matching is linear per element, never backtracking (`section div div div`
// over deep nesting): walking down from the scope, each element on the path
// keeps one bit per compound part: "parts 0..k match ending here" and "ending
// here or at an ancestor"; each level also keeps the bits of the previous
// element sibling and the OR of all previous siblings (for `+` and `~`). An
// element's bits follow from its parent's and its previous siblings' bits and
// at most one compound test per part, as a browser's memoised right-to-left
// matcher would compute them. Sibling positions (`:nth-child`) are computed
// once per parent. `:has()` walks the element's subtree (or its following
// siblings) and cannot nest; all `:has()` work of one select is capped at
// k_has_budget compound tests, past which `:has()` matches nothing
// (MatchStats::has_capped says so).

#include <gumbo.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/error.h"

namespace newswatch {

class Selector {
 public:
  /// Work done by a match, for tests that bound it.
  struct MatchStats {
    std::size_t compound_tests = 0;  ///< compounds tested against an element (inside :has() too)
    bool has_capped = false;         ///< the :has() budget ran out, so some :has() answered no
  };
  /// Compound parts one complex selector may have.
  static constexpr std::size_t k_max_parts = 64;
  /// Compound tests all :has() of one select may spend.
  static constexpr std::size_t k_has_budget = 2'000'000;

  /// Compiles `text`; fails with ErrorKind::config and a message naming the
  /// 1-based column and the problem ("pseudo-class :hover is not supported"),
  /// or a complex selector over k_max_parts parts.
  static Result<Selector> compile(std::string_view text);

  /// Every descendant of `scope` matching, in document order, each once; adds its work to `stats`.
  std::vector<const GumboNode*> select(const GumboNode* scope, MatchStats* stats = nullptr) const;
  /// Compiles a relative selector list ("+ dd", "~ p.summary", "> h2 a", "span.by"): each
  /// starts from an anchor element given to select_relative; errors as compile().
  static Result<Selector> compile_relative(std::string_view text);
  /// For a compile_relative selector: the elements matching from `anchor` (in its subtree, and for a
  /// `+`/`~` lead in its following siblings, stopping before the first sibling for which `stop`
  /// holds), in document order; empty for a selector compiled by compile().
  std::vector<const GumboNode*> select_relative(const GumboNode* anchor, MatchStats* stats = nullptr,
                                                const std::function<bool(const GumboNode*)>& stop = {}) const;
  /// The first descendant of `scope` matching in document order, or nullptr.
  const GumboNode* select_first(const GumboNode* scope) const;
  /// True when `node` matches, with ancestors looked for up to `scope` inclusive.
  bool matches(const GumboNode* node, const GumboNode* scope = nullptr) const;
  /// The text the selector was compiled from.
  const std::string& source() const noexcept { return m_source; }

  enum class AttrOp { exists, equals, prefix, suffix, contains, word, dash };
  struct AttrTest {
    std::string name;
    AttrOp op = AttrOp::exists;
    std::string value;
    bool ignore_case = false;  ///< the ` i` flag
  };
  enum class Combinator { descendant, child, adjacent, sibling };
  struct Compound;
  struct Complex {
    std::vector<Compound> parts;          ///< left to right
    std::vector<Combinator> combinators;  ///< combinators[i] joins parts[i] and parts[i+1]
  };
  enum class PseudoKind { nth_child, nth_of_type, last_child, negation, has };
  struct Pseudo {
    PseudoKind kind = PseudoKind::nth_child;
    int a = 0, b = 1;               ///< an+b (first-child is 0n+1)
    std::vector<Compound> negated;  ///< :not(...)
    std::vector<Complex> whole;     ///< :has(...): each led by an any-element part for the element itself
  };
  struct Compound {
    std::string tag_name;  ///< empty = any element
    GumboTag tag = GUMBO_TAG_UNKNOWN;
    std::string id;
    std::vector<std::string> classes;
    std::vector<AttrTest> attrs;
    std::vector<Pseudo> pseudos;
  };

 private:
  static Result<Selector> compile_list(std::string_view text, bool relative);
  std::string m_source;
  std::vector<Complex> m_groups;
  bool m_relative = false;  ///< each group's first part is the anchor (compile_relative)
};

namespace selector_detail {
/// The selector list in `text`, or a config error naming the column. With `relative`, each
/// selector may start with a combinator and gets a leading any-element part for the anchor.
Result<std::vector<Selector::Complex>> parse_selector(std::string_view text, bool relative = false);
}  // namespace selector_detail

}  // namespace newswatch
