#include "alerts/query_forms.h"

#include <algorithm>
#include <string_view>

namespace newswatch {
namespace {

void count(WorkCount* work, std::size_t steps) {
  if (work) work->steps += steps;
}

// Tokens never hold a space (tokenize() splits on it), so joining by one is unambiguous.
std::string key_of(const Tokens& tokens) {
  std::string key;
  for (const auto& token : tokens) {
    if (!key.empty()) key += ' ';
    key += token;
  }
  return key;
}

}  // namespace

void FormSet::add(const Tokens& form, bool prefix, WorkCount* work) {
  if (form.empty()) return;
  std::size_t whole = prefix ? form.size() - 1 : form.size();
  std::uint32_t node = 0;
  for (std::size_t i = 0; i < whole; ++i) {
    count(work, 1);
    auto [it, added] = m_nodes[node].next.try_emplace(form[i], static_cast<std::uint32_t>(m_nodes.size()));
    if (added) m_nodes.emplace_back();
    node = it->second;
  }
  Node& last = m_nodes[node];
  if (!prefix) {
    if (!last.end) {
      ++m_size;
      m_forms.push_back({form, false});
    }
    last.end = true;
    return;
  }
  auto& prefixes = last.prefixes;
  count(work, prefixes.size());
  if (std::find(prefixes.begin(), prefixes.end(), form.back()) == prefixes.end()) {
    prefixes.push_back(form.back());
    ++m_size;
    m_forms.push_back({form, true});
  }
}

std::optional<std::size_t> FormSet::match_at(const TokenText& text, std::size_t start, WorkCount* work) const {
  const Tokens& tokens = text.tokens;
  std::uint32_t node = 0;
  for (std::size_t i = start;; ++i) {
    const Node& at = m_nodes[node];
    if (at.end) return i;
    if (i == tokens.size()) return std::nullopt;
    count(work, 1 + at.prefixes.size());
    for (const auto& prefix : at.prefixes) {
      if (tokens[i].starts_with(prefix)) return i + 1;
    }
    // 북한은 ends a form ending in 북한: a particle closes a noun, so a stem may end a form, never continue one.
    for (const std::string& stem : text.stems_of(i)) {
      count(work, 1);
      auto ends = at.next.find(stem);
      if (ends != at.next.end() && m_nodes[ends->second].end) return i + 1;
    }
    auto next = at.next.find(tokens[i]);
    if (next == at.next.end()) return std::nullopt;
    node = next->second;
  }
}

bool FormSet::found_in(const TokenText& text, WorkCount* work) const {
  if (m_size == 0) return false;
  const Node& root = m_nodes[0];
  if (text.indexed() && root.next.size() < text.tokens.size()) {
    // A long text: start only where a form's first word occurs (as a word or a stem), found by the index.
    for (const auto& [first, child] : root.next) {
      count(work, 1);
      bool found = text.for_each_at(first, [&](std::size_t start) { return match_at(text, start, work).has_value(); });
      if (found) return true;
    }
    count(work, root.prefixes.size());
    return std::any_of(root.prefixes.begin(), root.prefixes.end(),  // a one-word prefix form (Kurs*)
                       [&](const std::string& prefix) { return text.has_prefix(prefix); });
  }
  for (std::size_t start = 0; start < text.tokens.size(); ++start) {
    if (match_at(text, start, work)) return true;
  }
  return false;
}

AliasIndex::AliasIndex(const Aliases& aliases, WorkCount* work) {
  m_aliases.reserve(aliases.size());
  for (const auto& [name, forms] : aliases) {
    auto set = std::make_shared<FormSet>();
    std::size_t index = m_aliases.size();
    auto index_form = [&](std::string_view text) {
      Tokens tokens = tokenize(text);
      if (tokens.empty()) return;
      count(work, tokens.size());
      set->add(tokens, false, work);
      m_by_form.try_emplace(key_of(tokens), index);  // an earlier alias keeps a shared form
    };
    index_form(name);
    for (const auto& form : forms) index_form(form);
    m_aliases.push_back(Alias{name, std::move(set)});
  }
}

const AliasIndex::Alias* AliasIndex::find(const Tokens& tokens, WorkCount* work) const {
  count(work, tokens.size());
  auto it = m_by_form.find(key_of(tokens));
  return it == m_by_form.end() ? nullptr : &m_aliases[it->second];
}

}  // namespace newswatch
