// The selector parser: a recursive-descent reader of the selector text (its
// depth is bounded by the grammar: :not() and :has() do not nest in
// themselves). Errors name the 1-based column and the feature.

#include <cstdlib>

#include "config/ascii.h"
#include "extractors/selector.h"

namespace newswatch::selector_detail {
namespace {

using Sel = Selector;

bool is_name_char(char c) noexcept {
  unsigned char u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         u >= 0x80;
}

bool is_ws(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

using ascii::lower;

class Parser {
 public:
  explicit Parser(std::string_view text) : m_text(text) {}

  Result<std::vector<Sel::Complex>> parse(bool relative) {
    std::vector<Sel::Complex> groups;
    for (;;) {
      skip_ws();
      Sel::Complex complex;
      if (!(relative ? parse_relative(complex) : parse_complex(complex))) return error();
      groups.push_back(std::move(complex));
      skip_ws();
      if (at_end()) return groups;
      if (peek() != ',') return error("expected ',' or a combinator");
      ++m_pos;
    }
  }

 private:
  // '>', '+' or '~' at the cursor (consumed), else false.
  bool combinator(Sel::Combinator& comb) {
    if (at_end()) return false;
    switch (peek()) {
      case '>': comb = Sel::Combinator::child; break;
      case '+': comb = Sel::Combinator::adjacent; break;
      case '~': comb = Sel::Combinator::sibling; break;
      default: return false;
    }
    ++m_pos;
    skip_ws();
    return true;
  }

  bool parse_complex(Sel::Complex& complex) {
    Sel::Compound compound;
    if (!parse_compound(compound)) return false;
    complex.parts.push_back(std::move(compound));
    for (;;) {
      size_t before = m_pos;
      skip_ws();
      bool spaced = m_pos > before;
      if (at_end() || peek() == ',' || (m_in_has && peek() == ')')) return true;
      Sel::Combinator comb = Sel::Combinator::descendant;
      if (!combinator(comb) && !spaced) return set_error("unexpected character");
      Sel::Compound next;
      if (!parse_compound(next)) return false;
      complex.combinators.push_back(comb);
      complex.parts.push_back(std::move(next));
    }
  }

  bool parse_compound(Sel::Compound& compound) {
    size_t start = m_pos;
    if (!at_end() && peek() == '*') {
      ++m_pos;
    } else if (!at_end() && is_name_char(peek())) {
      compound.tag_name = lower(name());
      compound.tag = gumbo_tag_enum(compound.tag_name.c_str());
    }
    while (!at_end()) {
      char c = peek();
      if (c == '.' || c == '#') {
        ++m_pos;
        std::string_view n = name();
        if (n.empty()) return set_error(c == '.' ? "expected a class name" : "expected an id");
        if (c == '.')
          compound.classes.emplace_back(n);
        else
          compound.id = std::string(n);
      } else if (c == '[') {
        if (!parse_attr(compound)) return false;
      } else if (c == ':') {
        if (!parse_pseudo(compound)) return false;
      } else {
        break;
      }
    }
    if (m_pos == start) return set_error("expected a selector");
    return true;
  }

  bool parse_pseudo(Sel::Compound& compound) {
    size_t colon = m_pos++;
    if (!at_end() && peek() == ':') {
      ++m_pos;
      std::string n = lower(name());
      m_pos = colon;
      return set_error_text("pseudo-element ::" + n + " is not supported");
    }
    std::string n = lower(name());
    Sel::Pseudo p;
    if (n == "first-child" || n == "only-child") {
      p.a = 0, p.b = 1;
      if (n == "only-child") compound.pseudos.push_back(Sel::Pseudo{Sel::PseudoKind::last_child, 0, 0, {}, {}});
    } else if (n == "last-child") {
      p.kind = Sel::PseudoKind::last_child;
    } else if (n == "nth-child" || n == "nth-of-type") {
      p.kind = n == "nth-child" ? Sel::PseudoKind::nth_child : Sel::PseudoKind::nth_of_type;
      if (!open_paren(n) || !parse_nth(p.a, p.b) || !close_paren()) return false;
    } else if (n == "not") {
      p.kind = Sel::PseudoKind::negation;
      if (m_in_not) return set_error_at(colon, "pseudo-class :not() cannot nest");
      if (!open_paren(n) || !parse_negated(p.negated) || !close_paren()) return false;
    } else if (n == "has") {
      p.kind = Sel::PseudoKind::has;
      if (m_in_has) return set_error_at(colon, "pseudo-class :has() cannot nest");
      if (!open_paren(n) || !parse_relatives(p.whole) || !close_paren()) return false;
    } else {
      std::string shown = n;
      if (!at_end() && peek() == '(') shown += "()";
      return set_error_at(colon, "pseudo-class :" + shown + " is not supported");
    }
    compound.pseudos.push_back(std::move(p));
    return true;
  }

  bool parse_negated(std::vector<Sel::Compound>& out) {
    m_in_not = true;
    for (;;) {
      skip_ws();
      Sel::Compound c;
      if (!parse_compound(c)) return false;
      out.push_back(std::move(c));
      skip_ws();
      if (at_end() || peek() != ',') break;
      ++m_pos;
    }
    m_in_not = false;
    return true;
  }

  // "[> + ~] complex" as a complex led by an any-element part for the anchor.
  bool parse_relative(Sel::Complex& whole) {
    Sel::Combinator lead = Sel::Combinator::descendant;
    combinator(lead);
    Sel::Complex rest;
    if (!parse_complex(rest)) return false;
    whole.parts.emplace_back();
    whole.combinators.push_back(lead);
    for (auto& part : rest.parts) whole.parts.push_back(std::move(part));
    for (auto comb : rest.combinators) whole.combinators.push_back(comb);
    return true;
  }

  bool parse_relatives(std::vector<Sel::Complex>& out) {
    m_in_has = true;
    for (;;) {
      skip_ws();
      Sel::Complex whole;
      if (!parse_relative(whole)) return false;
      if (whole.parts.size() > Selector::k_max_parts) return set_error("too many parts in :has()");
      out.push_back(std::move(whole));
      skip_ws();
      if (at_end() || peek() != ',') break;
      ++m_pos;
    }
    m_in_has = false;
    return true;
  }

  // "odd", "even", "3", "2n+1", "-n+3", "n".
  bool parse_nth(int& a, int& b) {
    skip_ws();
    size_t start = m_pos;
    while (!at_end() && peek() != ')' && !is_ws(peek())) ++m_pos;
    std::string t = lower(m_text.substr(start, m_pos - start));
    skip_ws();
    if (t == "odd") return a = 2, b = 1, true;
    if (t == "even") return a = 2, b = 0, true;
    size_t n = t.find('n');
    auto integer = [](const std::string& s, int& v) {
      if (s.empty() || s.size() > 6) return false;
      char* end = nullptr;
      v = static_cast<int>(std::strtol(s.c_str(), &end, 10));
      return *end == 0 && (s[0] != '+' || s.size() > 1);
    };
    bool ok = true;
    if (n == std::string::npos) {
      a = 0;
      ok = integer(t, b);
    } else {
      std::string as = t.substr(0, n), bs = t.substr(n + 1);
      a = as.empty() || as == "+" ? 1 : as == "-" ? -1 : 0;
      if (as.size() > 1 || (as.size() == 1 && as != "+" && as != "-")) ok = integer(as, a);
      b = 0;
      if (ok && !bs.empty()) ok = (bs[0] == '+' || bs[0] == '-') && integer(bs, b);
    }
    if (!ok) {
      m_pos = start;
      return set_error("expected an+b, odd or even");
    }
    return true;
  }

  bool open_paren(const std::string& n) {
    if (at_end() || peek() != '(') return set_error_text("expected '(' after :" + n);
    ++m_pos;
    return true;
  }
  bool close_paren() {
    skip_ws();
    if (at_end() || peek() != ')') return set_error("expected ')'");
    ++m_pos;
    return true;
  }

  bool parse_attr(Sel::Compound& compound) {
    ++m_pos;  // '['
    skip_ws();
    Sel::AttrTest test;
    test.name = lower(name());
    if (test.name.empty()) return set_error("expected an attribute name");
    skip_ws();
    if (at_end()) return set_error("unclosed '['");
    if (peek() != ']') {
      if (!parse_op(test.op)) return false;
      skip_ws();
      if (!parse_value(test.value)) return false;
      skip_ws();
      if (!at_end() && (peek() == 'i' || peek() == 'I' || peek() == 's' || peek() == 'S')) {
        test.ignore_case = peek() == 'i' || peek() == 'I';
        ++m_pos;
        skip_ws();
      }
      if (at_end() || peek() != ']') return set_error("expected ']'");
    }
    ++m_pos;
    compound.attrs.push_back(std::move(test));
    return true;
  }

  bool parse_op(Sel::AttrOp& op) {
    char c = peek();
    if (c == '=') return ++m_pos, op = Sel::AttrOp::equals, true;
    static constexpr std::pair<char, Sel::AttrOp> k_ops[] = {{'^', Sel::AttrOp::prefix},
                                                             {'$', Sel::AttrOp::suffix},
                                                             {'*', Sel::AttrOp::contains},
                                                             {'~', Sel::AttrOp::word},
                                                             {'|', Sel::AttrOp::dash}};
    for (auto [ch, value] : k_ops) {
      if (c == ch && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '=') {
        m_pos += 2;
        op = value;
        return true;
      }
    }
    return set_error("expected an attribute operator (=, ^=, $=, *=, ~=, |=) or ']'");
  }

  bool parse_value(std::string& value) {
    if (at_end()) return set_error("expected a value");
    char q = peek();
    if (q == '"' || q == '\'') {
      size_t close = m_text.find(q, m_pos + 1);
      if (close == std::string_view::npos) return set_error("unclosed quote");
      value = std::string(m_text.substr(m_pos + 1, close - m_pos - 1));
      m_pos = close + 1;
      return true;
    }
    size_t start = m_pos;
    while (!at_end() && peek() != ']' && !is_ws(peek()) && peek() != '"' && peek() != '\'') ++m_pos;
    if (m_pos == start) return set_error("expected a value");
    value = std::string(m_text.substr(start, m_pos - start));
    return true;
  }

  std::string_view name() {
    size_t start = m_pos;
    while (!at_end() && is_name_char(peek())) ++m_pos;
    return m_text.substr(start, m_pos - start);
  }

  bool at_end() const noexcept { return m_pos >= m_text.size(); }
  char peek() const noexcept { return m_text[m_pos]; }
  void skip_ws() noexcept {
    while (!at_end() && is_ws(peek())) ++m_pos;
  }
  bool set_error(const char* message) { return set_error_at(m_pos, message); }
  bool set_error_text(std::string message) { return set_error_at(m_pos, std::move(message)); }
  bool set_error_at(size_t pos, std::string message) {
    if (m_message.empty()) m_message = std::move(message), m_error_pos = pos;
    return false;
  }
  tl::unexpected<Error> error(const char* fallback = "invalid selector") {
    set_error(fallback);
    return fail(ErrorKind::config, "selector \"" + std::string(m_text) + "\": column " +
                                       std::to_string(m_error_pos + 1) + ": " + m_message);
  }

  std::string_view m_text;
  size_t m_pos = 0;
  std::string m_message;
  size_t m_error_pos = 0;
  bool m_in_not = false, m_in_has = false;
};

}  // namespace

Result<std::vector<Selector::Complex>> parse_selector(std::string_view text, bool relative) {
  return Parser(text).parse(relative);
}

}  // namespace newswatch::selector_detail
