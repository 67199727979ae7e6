#include "alerts/match_explain.h"

// How an explanation is made. The item's fields (title, summary without its
// wire prefix, body, site, authors, tags) are tokenised once into a MatchText
// (normalize.h says where each token is written); Query::match runs on those
// very tokens and
// gives the verdict and the matched terms. Each term's FormSet is then asked,
// at every token, for the run it matches there (FormSet::match_at, the walk
// found_in() makes), so a term occurs here exactly when the Matcher finds it.
// A run is shown as written, widened across an apostrophe or hyphen joining
// it to a neighbouring word, so `Pyongyang` shows "Pyongyang’s" and the
// alias form "Kim Jong Un" shows "Kim Jong-un's". The tree walk only adds the
// value of every node (AND: all children hold; OR: one does; NOT: the child
// fails), which Query::eval does not keep; the walk recurses, as eval does,
// because the parser bounds the nesting (Query::k_max_depth).

#include <algorithm>
#include <iterator>

namespace newswatch {
namespace {

constexpr std::size_t k_max_words_per_field = 5;  // enough to show why; a summary may repeat a name often

/// One field of the item: its text as written and its tokens.
struct Field {
  TextField name;
  std::string_view text;
  const TokenText* tokens;
};

/// Whether the text between tokens `left` and `left + 1` joins them into one written word.
bool joined(const Field& field, std::size_t left) {
  static constexpr std::string_view k_joiners[] = {"'", "\u2019", "\u02BC", "-", "\u2010", "\u2011"};
  const auto& spans = field.tokens->spans;
  std::size_t from = spans[left].end;
  std::string_view gap = field.text.substr(from, spans[left + 1].begin - from);
  return std::find(std::begin(k_joiners), std::end(k_joiners), gap) != std::end(k_joiners);
}

/// Tokens [first, last) as written, widened to whole written words.
std::string written_words(const Field& field, std::size_t first, std::size_t last) {
  while (first > 0 && joined(field, first - 1)) --first;
  while (last < field.tokens->tokens.size() && joined(field, last - 1)) ++last;
  std::size_t begin = field.tokens->spans[first].begin;
  return std::string(field.text.substr(begin, field.tokens->spans[last - 1].end - begin));
}

/// Where `term` occurs in `field`: distinct written forms, at most k_max_words_per_field.
void find_term(const QueryTerm& term, const Field& field, std::vector<FoundWords>& out) {
  if (!scope_covers(term.scope, field.name)) return;
  const Tokens& tokens = field.tokens->tokens;
  if (term.scope == Scope::site) {  // the whole site name, as term_found() decides
    if (!tokens.empty() && term.forms->match_at(*field.tokens, 0) == tokens.size())
      out.push_back(FoundWords{field.name, std::string(field.text), false});
    return;
  }
  const Tokens name = tokenize(term.alias);
  bool has_aliases = term.forms->size() > 1;  // a prefix or a plain word has one form
  std::size_t kept = 0;
  for (std::size_t start = 0; start < tokens.size() && kept < k_max_words_per_field;) {
    auto end = term.forms->match_at(*field.tokens, start);
    if (!end) {
      ++start;
      continue;
    }
    auto run = tokens.begin();
    bool is_name = term.alias.empty() || std::equal(run + start, run + *end, name.begin(), name.end());
    FoundWords words{field.name, written_words(field, start, *end), has_aliases && !is_name};
    auto same = [&](const FoundWords& w) { return w.field == words.field && w.text == words.text; };
    if (std::none_of(out.begin(), out.end(), same)) {
      out.push_back(std::move(words));
      ++kept;
    }
    start = *end;
  }
}

ExplainedNode evaluate(const QueryNode& node, const std::vector<std::vector<FoundWords>>& found) {
  ExplainedNode out{node.kind, node.term, false, {}};
  for (const QueryNode& child : node.children) out.children.push_back(evaluate(child, found));
  auto holds = [](const ExplainedNode& child) { return child.value; };
  switch (node.kind) {
    case QueryNode::Kind::term: out.value = !found[node.term].empty(); break;
    case QueryNode::Kind::negate: out.value = !out.children.front().value; break;
    case QueryNode::Kind::all: out.value = std::all_of(out.children.begin(), out.children.end(), holds); break;
    case QueryNode::Kind::any: out.value = std::any_of(out.children.begin(), out.children.end(), holds); break;
  }
  return out;
}

}  // namespace

std::string_view to_string(TextField field) noexcept {
  switch (field) {
    case TextField::title: return "title";
    case TextField::summary: return "summary";
    case TextField::body: return "body";
    case TextField::site: return "site";
    case TextField::author: return "author";
    case TextField::tag: return "tag";
  }
  return "";
}

bool scope_covers(Scope scope, TextField field) noexcept {
  switch (scope) {
    case Scope::text: return field == TextField::title || field == TextField::summary || field == TextField::body;
    case Scope::title: return field == TextField::title;
    case Scope::summary: return field == TextField::summary;
    case Scope::body: return field == TextField::body;
    case Scope::site: return field == TextField::site;
    case Scope::author: return field == TextField::author;
    case Scope::tag: return field == TextField::tag;
  }
  return false;
}

Explanation explain_match(const Query& query, const Item& item) {
  const MatchText text = MatchText::from(item);
  std::vector<Field> fields = {
      {TextField::title, item.title, &text.title},
      {TextField::summary, strip_wire_prefix(item.summary), &text.summary},
      {TextField::body, std::string_view(item.body).substr(0, MatchText::k_max_body), &text.body},
      {TextField::site, item.site, &text.site}};
  for (std::size_t i = 0; i < item.authors.size(); ++i)
    fields.push_back({TextField::author, item.authors[i], &text.authors[i]});
  for (std::size_t i = 0; i < item.tags.size(); ++i) fields.push_back({TextField::tag, item.tags[i], &text.tags[i]});
  Explanation out;
  auto matched = query.match(text);
  out.matches = matched.has_value();
  if (matched) out.matched = std::move(*matched);
  out.found.resize(query.terms().size());
  for (std::size_t i = 0; i < query.terms().size(); ++i) {
    for (const Field& field : fields) find_term(query.terms()[i], field, out.found[i]);
  }
  out.root = evaluate(query.root(), out.found);
  return out;
}

Explanation explain_match(const Query& query, std::string_view title, std::string_view summary) {
  Item item;
  item.title = std::string(title);
  item.summary = std::string(summary);
  return explain_match(query, item);
}

std::vector<TermWords> matched_words(const Query& query, const Explanation& explanation) {
  std::vector<TermWords> out;
  const auto& terms = query.terms();
  for (const std::string& label : explanation.matched) {
    for (std::size_t i = 0; i < terms.size(); ++i) {
      if (terms[i].label != label || explanation.found[i].empty()) continue;
      out.push_back(TermWords{terms[i].shown, explanation.found[i]});
      break;
    }
  }
  return out;
}

std::string describe_words(const std::vector<FoundWords>& words) {
  std::string out;
  for (TextField field :
       {TextField::title, TextField::summary, TextField::body, TextField::site, TextField::author, TextField::tag}) {
    std::string list;
    for (const FoundWords& w : words) {
      if (w.field != field) continue;
      list += (list.empty() ? "" : ", ") + w.text + (w.alias ? " (alias)" : "");
    }
    if (list.empty()) continue;
    out += (out.empty() ? "" : "; ") + list + " in " + std::string(to_string(field));
  }
  return out;
}

namespace {

/// Renders the why-not lines. `odd`: under an odd number of NOTs, where a part holds when it is false.
class WhyNot {
 public:
  WhyNot(const Query& query, const Explanation& explanation) : m_query(query), m_explanation(explanation) {}

  std::vector<std::string> lines() && {
    const ExplainedNode& root = m_explanation.root;
    if (root.kind == QueryNode::Kind::all) {  // the usual watch: its AND branches at the top level
      for (const ExplainedNode& child : root.children) render(child, false, 0, "");
    } else {
      render(root, false, 0, "");
    }
    return std::move(m_lines);
  }

 private:
  void render(const ExplainedNode& node, bool odd, std::size_t depth, const std::string& nots) {
    if (node.kind == QueryNode::Kind::negate) {  // NOT x holds exactly when x, read under one more NOT, does
      render(node.children.front(), !odd, depth, nots + "NOT ");
      return;
    }
    std::string line = std::string(2 * depth, ' ') + (node.value != odd ? "✓ " : "✗ ") + nots;
    if (node.kind == QueryNode::Kind::term) {
      m_lines.push_back(line + term_line(node.term, odd));
      return;
    }
    m_lines.push_back(line + expression(node));
    for (const ExplainedNode& child : node.children) render(child, odd, depth + 1, "");
  }

  std::string term_line(std::size_t term, bool odd) const {
    const std::string& shown = m_query.terms()[term].shown;
    const auto& found = m_explanation.found[term];
    if (found.empty()) return shown + ": not in " + where(m_query.terms()[term].scope);
    if (!odd) return shown + " ← " + describe_words(found);
    std::string line = shown + ": excluded ";
    const FoundWords* first[6] = {};  // the first occurrence per field
    for (const FoundWords& w : found) {
      auto& slot = first[static_cast<std::size_t>(w.field)];
      if (!slot) slot = &w;
    }
    bool listed = false;
    for (const FoundWords* w : first) {
      if (!w) continue;
      if (!listed) line += w->text.find(' ') == std::string::npos ? "word " : "words ";
      line +=
          (listed ? ", '" : "'") + w->text + "' " + (listed ? "in " : "found in ") + std::string(to_string(w->field));
      listed = true;
    }
    return line;
  }

  /// The fields a term of `scope` looks in: "title, summary or body", "title", ...
  static std::string where(Scope scope) {
    return scope == Scope::text ? "title, summary or body" : std::string(scope_name(scope));
  }

  std::string expression(const ExplainedNode& node) const {
    switch (node.kind) {
      case QueryNode::Kind::term: return m_query.terms()[node.term].shown;
      case QueryNode::Kind::negate: return "NOT " + expression(node.children.front());
      case QueryNode::Kind::all:
      case QueryNode::Kind::any: break;
    }
    std::string op = node.kind == QueryNode::Kind::all ? " AND " : " OR ";
    std::string out;
    for (const ExplainedNode& child : node.children) out += (out.empty() ? "(" : op) + expression(child);
    return out + ")";
  }

  const Query& m_query;
  const Explanation& m_explanation;
  std::vector<std::string> m_lines;
};

}  // namespace

std::vector<std::string> why_not_lines(const Query& query, const Explanation& explanation) {
  return WhyNot(query, explanation).lines();
}

}  // namespace newswatch
