#pragma once
// An alert's snippet (config/alert.h: plain UTF-8 text with byte-offset marks)
// shown in each channel's markup: the marked words wrapped in that channel's
// bold (`*` Slack, `**` Discord and plain text, `<b>` HTML), everything else
// escaped for the channel. A snippet that does not fit is cut between code
// points and never inside a mark (a mark is kept whole or dropped with the
// rest), and ends in "…". Marks that are out of range, overlap or go backwards
// are ignored, and invalid UTF-8 becomes U+FFFD, so a hostile or buggy
// snippet still renders as valid text.

#include <cstddef>
#include <string>
#include <string_view>

#include "config/alert.h"

namespace newswatch {

/// How one channel writes text.
struct TextMarkup {
  std::string_view bold_open;
  std::string_view bold_close;
  std::string (*escape)(std::string_view text) = nullptr;   ///< nullptr: text goes out as it is
  std::size_t (*measure)(std::string_view text) = nullptr;  ///< the channel's length; nullptr: UTF-8 bytes
  std::string_view italic_open;                             ///< for notes such as k_body_unavailable_note
  std::string_view italic_close;
};

/// Plain text: `**bold**`, nothing escaped, bytes counted (ntfy, gotify, apprise, mail, Matrix `body`).
TextMarkup plain_markup();
/// HTML (Telegram's subset, Matrix formatted_body): `<b>`, &, < and > escaped, UTF-16 units counted.
TextMarkup html_markup();

/// `text` with &, < and > (and " for attributes) escaped as HTML entities.
std::string html_escape(std::string_view text);

/// The snippet in `markup`, at most `limit` long as `markup` measures it (the whole output, markup included);
/// "" for an empty snippet.
std::string render_snippet(const Snippet& snippet, const TextMarkup& markup, std::size_t limit);

/// What every format says when the article could not be fetched in time (Alert::body_unavailable).
inline constexpr std::string_view k_body_unavailable_note = "(article text unavailable; matched on title and summary)";

/// Where the snippet was taken from: "body", else "title" when the title holds its text, else "summary".
std::string_view snippet_source(const Alert& alert);

}  // namespace newswatch
