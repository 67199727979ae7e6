#pragma once
// What a query term matches: a set of token sequences ("forms"), and the alias
// table that turns any form of an alias into all of them.
// A FormSet is a trie over tokens. Matching walks it from each token of the
// text, so one term costs (text tokens) x (longest form) steps however many
// forms an alias has (plus a lookup per stem of a Korean word, a few at most). An AliasIndex tokenises every alias name
// and form once and finds the alias of a term with one hash lookup, and every term naming that alias shares one
// FormSet: compiling a query is linear in the forms.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "alerts/normalize.h"

namespace newswatch {

using Aliases = std::map<std::string, std::vector<std::string>>;

/// Basic steps (tokens hashed or compared) done while indexing, compiling or matching; tests bound complexity by it.
struct WorkCount {
  std::size_t steps = 0;
};

class FormSet {
 public:
  /// Adds `form` (an empty one is ignored); with `prefix`, its last token matches every token it begins.
  void add(const Tokens& form, bool prefix = false, WorkCount* work = nullptr);
  /// Whether some form occurs as a contiguous run of `text`.
  bool found_in(const TokenText& text, WorkCount* work = nullptr) const;
  /// Where the first form found at `text.tokens[start]` ends (one past its last token), or nullopt when none
  /// starts there; found_in() asks this of every start, and match_explain.h and snippet.h too, so all find the
  /// same runs. A form's last token also matches a word that is that token plus a Korean particle (a stem of
  /// the word, TokenText::stems_of).
  std::optional<std::size_t> match_at(const TokenText& text, std::size_t start, WorkCount* work = nullptr) const;
  /// Number of distinct forms added.
  std::size_t size() const noexcept { return m_size; }
  /// One distinct form as added: its tokens, and whether its last token is a prefix.
  struct Form {
    Tokens tokens;
    bool prefix = false;
  };
  /// Every distinct form, in the order added (for the store's full-text pre-filter).
  const std::vector<Form>& forms() const noexcept { return m_forms; }

 private:
  struct Node {
    std::unordered_map<std::string, std::uint32_t> next;
    std::vector<std::string> prefixes;  ///< last tokens of prefix forms ending here
    bool end = false;                   ///< a whole form ends here
  };
  std::vector<Node> m_nodes{1};  // m_nodes[0] is the root
  std::size_t m_size = 0;
  std::vector<Form> m_forms;
};

class AliasIndex {
 public:
  struct Alias {
    std::string name;
    std::shared_ptr<const FormSet> forms;  ///< the name and every form, deduplicated
  };

  AliasIndex() = default;
  /// Indexes `aliases`; a form listed under two aliases belongs to the first by name.
  explicit AliasIndex(const Aliases& aliases, WorkCount* work = nullptr);
  /// The alias whose name or form tokenises to `tokens`, or nullptr.
  const Alias* find(const Tokens& tokens, WorkCount* work = nullptr) const;

 private:
  std::vector<Alias> m_aliases;
  std::unordered_map<std::string, std::size_t> m_by_form;  // form tokens joined by ' ' -> m_aliases index
};

}  // namespace newswatch
