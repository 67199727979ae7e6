// Rendering a snippet: one left-to-right pass over the text that emits either
// a whole mark (bold) or one code point at a time, measuring as it goes, so
// the cut point is always a code point boundary outside any mark and the work
// is linear in the snippet's length whatever the marks say.

#include "alerts/snippet_text.h"

#include <vector>

#include "alerts/normalize.h"

namespace newswatch {
namespace {

constexpr std::string_view k_ellipsis = "…";

std::size_t byte_length(std::string_view text) {
  return text.size();
}

std::size_t measure(const TextMarkup& markup, std::string_view text) {
  return markup.measure ? markup.measure(text) : byte_length(text);
}

/// `text` re-encoded code point by code point (invalid bytes become U+FFFD) and escaped for the channel.
std::string clean(std::string_view text, const TextMarkup& markup) {
  std::string valid;
  valid.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) append_utf8(valid, decode_utf8(text, pos));
  return markup.escape ? markup.escape(valid) : valid;
}

bool continuation_byte(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

/// The marks that can be rendered: in range, ascending, not overlapping; ends moved off continuation bytes.
std::vector<Snippet::Mark> usable_marks(const Snippet& snippet) {
  std::vector<Snippet::Mark> marks;
  std::size_t after = 0;
  for (Snippet::Mark mark : snippet.marks) {
    if (mark.begin < after || mark.begin >= mark.end || mark.end > snippet.text.size()) continue;
    if (continuation_byte(snippet.text[mark.begin])) continue;  // starts inside a character: not a word
    while (mark.end < snippet.text.size() && continuation_byte(snippet.text[mark.end])) ++mark.end;
    marks.push_back(mark);
    after = mark.end;
  }
  return marks;
}

/// The pieces of the rendered snippet in order: each mark whole, each other code point alone.
template <class Each>
void for_each_piece(const Snippet& snippet, const TextMarkup& markup, Each&& each) {
  const std::string_view text = snippet.text;
  const std::vector<Snippet::Mark> marks = usable_marks(snippet);
  std::size_t next_mark = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    if (next_mark < marks.size() && marks[next_mark].begin == pos) {
      const Snippet::Mark mark = marks[next_mark++];
      std::string piece(markup.bold_open);
      piece += clean(text.substr(mark.begin, mark.end - mark.begin), markup);
      piece += markup.bold_close;
      if (!each(piece)) return;
      pos = mark.end;
      continue;
    }
    std::size_t next = pos;
    decode_utf8(text, next);
    if (!each(clean(text.substr(pos, next - pos), markup))) return;
    pos = next;
  }
}

}  // namespace

TextMarkup plain_markup() {
  return TextMarkup{"**", "**", nullptr, nullptr, "", ""};
}

TextMarkup html_markup() {
  return TextMarkup{"<b>", "</b>", &html_escape, &utf16_length, "<i>", "</i>"};
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_snippet(const Snippet& snippet, const TextMarkup& markup, std::size_t limit) {
  std::string whole;
  for_each_piece(snippet, markup, [&](const std::string& piece) {
    whole += piece;
    return true;
  });
  if (measure(markup, whole) <= limit) return whole;
  const std::size_t ellipsis = measure(markup, k_ellipsis);
  if (limit < ellipsis) return {};
  std::string cut;
  std::size_t used = 0;
  for_each_piece(snippet, markup, [&](const std::string& piece) {
    const std::size_t length = measure(markup, piece);
    if (used + length + ellipsis > limit) return false;
    cut += piece;
    used += length;
    return true;
  });
  while (!cut.empty() && (cut.back() == ' ' || cut.back() == '\n')) cut.pop_back();
  return cut + std::string(k_ellipsis);
}

std::string_view snippet_source(const Alert& alert) {
  if (alert.snippet.from_body) return "body";
  if (!alert.snippet.text.empty() && alert.item.title.find(alert.snippet.text) != std::string::npos) return "title";
  return "summary";
}

}  // namespace newswatch
