// Snippets in each channel's markup: the marked words bold, the rest escaped,
// cuts only between code points and outside marks, and hostile snippets
// (marks out of range, overlapping, inside a character; invalid UTF-8) still
// render as valid text.

#include "alerts/snippet_text.h"

#include <gtest/gtest.h>

#include "alerts/normalize.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Snippet korean_snippet() {
  Snippet snippet;
  snippet.text = "북한은 이날 미사일을 발사했다. Kim Yo Jong said so.";
  const std::size_t kim = snippet.text.find("Kim Yo Jong");
  snippet.marks = {{0, std::string_view("북한").size()}, {kim, kim + std::string_view("Kim Yo Jong").size()}};
  snippet.from_body = true;
  return snippet;
}

bool valid_utf8(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t at = pos;
    if (decode_utf8(text, pos) == 0xFFFD && text.substr(at, 3) != "\xEF\xBF\xBD") return false;
  }
  return true;
}

TEST(SnippetText, PlainMarkup_WrapsEachMarkInDoubleAsterisks) {
  EXPECT_EQ(render_snippet(korean_snippet(), plain_markup(), 1000),
            "**북한**은 이날 미사일을 발사했다. **Kim Yo Jong** said so.");
}

TEST(SnippetText, HtmlMarkup_BoldsMarksAndEscapesTheRest) {
  Snippet snippet;
  snippet.text = "<script>alert(1)</script> & Kim said \"no\"";
  const std::size_t kim = snippet.text.find("Kim");
  snippet.marks = {{kim, kim + 3}};
  EXPECT_EQ(render_snippet(snippet, html_markup(), 1000),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <b>Kim</b> said &quot;no&quot;");
}

TEST(SnippetText, Cut_NeverInsideAMark_EndsWithEllipsis) {
  const Snippet snippet = korean_snippet();
  const std::string whole = render_snippet(snippet, plain_markup(), 1000);
  const std::size_t mark_end = whole.find("Kim Yo Jong**") + std::string_view("Kim Yo Jong**").size();
  for (std::size_t limit = 0; limit < whole.size(); ++limit) {
    SCOPED_TRACE(limit);
    const std::string cut = render_snippet(snippet, plain_markup(), limit);
    EXPECT_LE(cut.size(), limit);
    EXPECT_TRUE(valid_utf8(cut));
    if (cut.empty()) continue;
    EXPECT_TRUE(cut.ends_with("…")) << cut;
    // Bold markers come in pairs: the cut never leaves a mark open.
    std::size_t markers = 0;
    for (std::size_t at = cut.find("**"); at != std::string::npos; at = cut.find("**", at + 2)) ++markers;
    EXPECT_EQ(markers % 2, 0u) << cut;
    if (limit < mark_end + std::string_view("…").size()) {
      EXPECT_EQ(cut.find("Kim"), std::string::npos) << "the mark is whole or absent: " << cut;
    }
  }
}

TEST(SnippetText, EmojiAtTheCut_IsKeptWholeOrDropped) {
  Snippet snippet;
  snippet.text = "Launch 🚀🚀🚀 seen";
  snippet.marks = {{0, 6}};
  // "<b>Launch</b> " is 14 UTF-16 units, each rocket 2, the ellipsis 1.
  EXPECT_EQ(render_snippet(snippet, html_markup(), 16), "<b>Launch</b>…");
  EXPECT_EQ(render_snippet(snippet, html_markup(), 17), "<b>Launch</b> 🚀…");
  EXPECT_EQ(render_snippet(snippet, html_markup(), 18), "<b>Launch</b> 🚀…") << "half a rocket is no rocket";
  EXPECT_EQ(render_snippet(snippet, html_markup(), 19), "<b>Launch</b> 🚀🚀…");
}

TEST(SnippetText, HostileMarks_AreIgnored_TextStillRenders) {
  Snippet snippet;
  snippet.text =
      "ab\xE2\x82\xAC"
      "cd";                  // "ab€cd"
  snippet.marks = {{1, 1},   // empty
                   {3, 4},   // starts inside "€"
                   {0, 99},  // past the end
                   {4, 2},   // backwards
                   {5, 6},   // "c": usable
                   {5, 7}};  // overlaps the one before
  EXPECT_EQ(render_snippet(snippet, plain_markup(), 100), "ab€**c**d");
}

TEST(SnippetText, MarkEndingInsideACharacter_IsWidenedToTheWholeCharacter) {
  Snippet snippet;
  snippet.text = "북한은";
  snippet.marks = {{0, 4}};  // one byte into "한"
  EXPECT_EQ(render_snippet(snippet, plain_markup(), 100), "**북한**은");
}

TEST(SnippetText, InvalidUtf8_BecomesReplacementCharacters) {
  Snippet snippet;
  snippet.text = "ok \xFF\xFE bytes";
  EXPECT_EQ(render_snippet(snippet, plain_markup(), 100), "ok \uFFFD\uFFFD bytes");
}

TEST(SnippetText, SourceIsBodyTitleOrSummary) {
  Alert alert;
  alert.item.title = "Kim Yo Jong warns Seoul";
  alert.snippet.text = "Kim Yo Jong warns Seoul";
  EXPECT_EQ(snippet_source(alert), "title");
  alert.snippet.text = "a sentence of the summary";
  EXPECT_EQ(snippet_source(alert), "summary");
  alert.snippet.from_body = true;
  EXPECT_EQ(snippet_source(alert), "body");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
