#include "alerts/snippet.h"

// How a snippet is cut.
// 1. The matched terms are merged into one FormSet per field (the terms that
//    look in the body, in the summary, in the title), so a field is scanned
//    once however many terms there are: (tokens) x (longest form) steps, the
//    walk the Matcher itself makes (FormSet::match_at), so a mark is exactly
//    where the Matcher found the term. The first field with an occurrence
//    (body, then summary, then title) gives the snippet.
// 2. The sentence holding the first occurrence is found by looking back and
//    forward for a sentence end (. ! ? followed by a space, 。！？, a line
//    break), at most k_scan_chars each way. If it fits in k_snippet_chars the
//    following sentences are added while they fit. A longer sentence (or
//    text with no sentence ends) is cut to a window of k_snippet_chars that
//    starts a little before the occurrence, on word boundaries (spaces; text
//    without spaces, as Chinese or Japanese, is cut between characters), with
//    "…" where it was cut.
// 3. Whitespace runs (line breaks of a body) become one space; the marks are
//    the occurrences inside the window, their offsets mapped through that.
// Everything is linear in the field, and the window work is bounded by the
// window, so a 1 MB body or a query of 10,000 terms costs milliseconds.

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "alerts/match_explain.h"

namespace newswatch {
namespace {

constexpr std::size_t k_scan_chars = 600;  // how far to look for the ends of the sentence around the match
constexpr std::size_t k_lead_chars = 80;   // context kept before the match when a long sentence is cut
constexpr std::size_t k_word_slack = 40;   // how far to look for a space to cut at before cutting a word
constexpr std::string_view k_cut_mark = "…";

struct Run {
  std::size_t begin = 0;  ///< bytes of the field's text
  std::size_t end = 0;
};

bool is_space_byte(char c) {
  return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
}

/// The position `n` code points after `pos` (or the end of `text`).
std::size_t forward(std::string_view text, std::size_t pos, std::size_t n) {
  for (; n > 0 && pos < text.size(); --n) decode_utf8(text, pos);
  return pos;
}

/// The position `n` code points before `pos` (or 0), on a code point boundary.
std::size_t backward(std::string_view text, std::size_t pos, std::size_t n) {
  for (; n > 0 && pos > 0; --n) {
    --pos;
    while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  }
  return pos;
}

/// Where a sentence ending just before `pos` ends, if it does: the length of its terminator, else 0.
std::size_t terminator_before(std::string_view text, std::size_t pos) {
  static constexpr std::array<std::string_view, 3> k_wide = {"。", "！", "？"};
  for (std::string_view wide : k_wide)
    if (pos >= wide.size() && text.substr(pos - wide.size(), wide.size()) == wide) return wide.size();
  if (pos == 0) return 0;
  char c = text[pos - 1];
  if (c == '\n') return 1;
  bool spaced = pos == text.size() || is_space_byte(text[pos]);
  return ((c == '.' || c == '!' || c == '?') && spaced) ? 1 : 0;
}

/// The start of the sentence holding `pos`, looking back at most k_scan_chars; nullopt when none is found.
std::optional<std::size_t> sentence_begin(std::string_view text, std::size_t pos) {
  std::size_t limit = backward(text, pos, k_scan_chars);
  for (std::size_t at = pos; at > limit; --at) {
    if (terminator_before(text, at) == 0) continue;
    while (at < pos && is_space_byte(text[at])) ++at;
    return at;
  }
  if (limit == 0) return 0;  // the text's own start
  return std::nullopt;
}

/// One past the end of the sentence holding `pos`, looking ahead at most k_scan_chars; nullopt when none.
std::optional<std::size_t> sentence_end(std::string_view text, std::size_t pos) {
  std::size_t limit = forward(text, pos, k_scan_chars);
  for (std::size_t at = pos + 1; at <= limit; ++at)
    if (terminator_before(text, at) > 0) return at;
  if (limit == text.size()) return text.size();
  return std::nullopt;
}

std::size_t chars(std::string_view text, std::size_t from, std::size_t to) {
  std::size_t n = 0;
  for (std::size_t pos = from; pos < to; ++n) decode_utf8(text, pos);
  return n;
}

/// `pos` moved forward to just after a space within k_word_slack characters, else left (text without spaces).
std::size_t word_start(std::string_view text, std::size_t pos, std::size_t at_most) {
  std::size_t limit = std::min(forward(text, pos, k_word_slack), at_most);
  for (std::size_t at = pos; at < limit; ++at)
    if (at > 0 && is_space_byte(text[at - 1])) return at;
  return pos;
}

/// `pos` moved back to a space within k_word_slack characters (not before `at_least`), else left.
std::size_t word_end(std::string_view text, std::size_t pos, std::size_t at_least) {
  if (pos >= text.size()) return text.size();
  std::size_t limit = std::max(backward(text, pos, k_word_slack), at_least);
  for (std::size_t at = pos; at > limit; --at)
    if (is_space_byte(text[at])) return at;
  return pos;
}

/// The bytes [begin, end) of `text` the snippet shows, and whether each side was cut inside a sentence.
struct Window {
  std::size_t begin = 0;
  std::size_t end = 0;
  bool cut_before = false;
  bool cut_after = false;
};

Window choose_window(std::string_view text, Run first) {
  auto begin = sentence_begin(text, first.begin);
  auto end = sentence_end(text, first.end == 0 ? 0 : first.end - 1);
  if (begin && end && chars(text, *begin, *end) <= k_snippet_chars) {
    Window window{*begin, *end, false, false};
    while (window.end < text.size()) {  // add the following sentences while they fit
      std::size_t next_begin = window.end;
      while (next_begin < text.size() && is_space_byte(text[next_begin])) ++next_begin;
      if (next_begin >= text.size()) break;
      auto next_end = sentence_end(text, next_begin);
      if (!next_end || chars(text, window.begin, *next_end) > k_snippet_chars) break;
      window.end = *next_end;
    }
    return window;
  }
  std::size_t sentence_start = begin.value_or(0);
  std::size_t start = std::max(backward(text, first.begin, k_lead_chars), sentence_start);
  if (start > sentence_start) start = word_start(text, start, first.begin);
  std::size_t stop = forward(text, start, k_snippet_chars);
  if (end && *end < stop) stop = *end;
  if (!end || stop < *end) stop = word_end(text, stop, first.end);
  stop = std::max(stop, first.end);
  return Window{start, stop, start > sentence_start, !end || stop < *end};
}

/// Every occurrence of `forms` in `field`, in order, not overlapping.
std::vector<Run> occurrences(const FormSet& forms, const TokenText& field) {
  std::vector<Run> runs;
  for (std::size_t start = 0; start < field.tokens.size();) {
    auto end = forms.match_at(field, start);
    if (!end) {
      ++start;
      continue;
    }
    runs.push_back(Run{field.spans[start].begin, field.spans[*end - 1].end});
    start = *end;
  }
  return runs;
}

/// The forms of every term that looks in `field`, as one set.
FormSet merged_forms(const std::vector<const QueryTerm*>& terms, TextField field) {
  FormSet merged;
  for (const QueryTerm* term : terms) {
    if (!scope_covers(term->scope, field)) continue;
    for (const FormSet::Form& form : term->forms->forms()) merged.add(form.tokens, form.prefix);
  }
  return merged;
}

/// `text[window]` with whitespace runs as one space, "…" at a cut, and `runs` inside it as marks.
Snippet render(std::string_view text, const Window& window, const std::vector<Run>& runs) {
  Snippet out;
  std::vector<std::size_t> mapped(window.end - window.begin, 0);  // byte of the window -> byte of out.text
  if (window.cut_before) out.text += k_cut_mark;
  bool pending_space = false;
  for (std::size_t at = window.begin; at < window.end; ++at) {
    if (is_space_byte(text[at])) {
      pending_space = !out.text.empty();
    } else {
      if (pending_space) out.text += ' ';
      pending_space = false;
      mapped[at - window.begin] = out.text.size();
      out.text += text[at];
    }
  }
  for (const Run& run : runs) {
    if (run.begin < window.begin || run.end > window.end) continue;
    // A run starts and ends inside a token, never on a collapsed space, so its first and last bytes are mapped.
    out.marks.push_back(Snippet::Mark{mapped[run.begin - window.begin], mapped[run.end - 1 - window.begin] + 1});
  }
  if (window.cut_after) out.text += k_cut_mark;
  return out;
}

}  // namespace

Snippet make_snippet(const Item& item, const MatchText& text, const std::vector<const QueryTerm*>& terms) {
  struct Source {
    TextField field;
    std::string_view text;
    const TokenText* tokens;
  };
  const Source sources[] = {{TextField::body, std::string_view(item.body).substr(0, MatchText::k_max_body), &text.body},
                            {TextField::summary, strip_wire_prefix(item.summary), &text.summary},
                            {TextField::title, item.title, &text.title}};
  for (const Source& source : sources) {
    if (source.tokens->tokens.empty()) continue;
    FormSet forms = merged_forms(terms, source.field);
    if (forms.size() == 0) continue;
    std::vector<Run> runs = occurrences(forms, *source.tokens);
    if (runs.empty()) continue;
    Snippet snippet = render(source.text, choose_window(source.text, runs.front()), runs);
    snippet.from_body = source.field == TextField::body;
    return snippet;
  }
  return {};
}

Snippet make_snippet(const Query& query, const Item& item, const std::vector<std::string>& matched) {
  std::vector<const QueryTerm*> terms;
  for (const QueryTerm& term : query.terms())
    if (std::find(matched.begin(), matched.end(), term.label) != matched.end()) terms.push_back(&term);
  return make_snippet(item, MatchText::from(item), terms);
}

std::string marked_text(const Snippet& snippet) {
  std::string out;
  std::size_t at = 0;
  for (const Snippet::Mark& mark : snippet.marks) {
    if (mark.begin < at || mark.end > snippet.text.size()) continue;
    out.append(snippet.text, at, mark.begin - at);
    out += "**";
    out.append(snippet.text, mark.begin, mark.end - mark.begin);
    out += "**";
    at = mark.end;
  }
  return out + snippet.text.substr(at);
}

}  // namespace newswatch
