#pragma once
// The message text the chat and push channels share (ntfy, Telegram, Matrix,
// Gotify, Apprise): a title, and a body holding the snippet (else the
// summary), the "article text unavailable" note, a flood summary's other
// matches, the link and a context line (site · watches · matched terms ·
// date). The body comes as plain text (`**` bold) or as HTML (Telegram's
// subset, which Matrix renders too), each kept within the channel's limit by
// giving the snippet what the fixed parts leave and by cutting every part
// between code points, never inside a mark or an HTML tag.

#include <cstddef>
#include <string>

#include "alerts/snippet_text.h"
#include "config/alert.h"

namespace newswatch {

/// `raw` cut between code points so that, escaped for `markup`, it measures at most `limit`, ending in "…" when cut.
std::string fit_text(std::string_view raw, std::size_t limit, const TextMarkup& markup);

/// The snippet with its marks in `markup` (else the summary), then the note when the article text was unavailable,
/// together at most `limit` long: the part of a message that says why it matched.
std::string match_text(const Alert& alert, const TextMarkup& markup, std::size_t limit);

/// "[israel, plenum]", preceded by "[newswatch test] " for a test message.
std::string alert_tag(const Alert& alert);

/// The notification's title: "[israel] Title" ("[newswatch health] ..." for an operator alert),
/// at most `limit` UTF-16 units, on one line.
std::string notification_title(const Alert& alert, std::size_t limit);

/// The plain-text body (no title: the channels show it apart), at most `limit_bytes` UTF-8 bytes.
std::string plain_message(const Alert& alert, std::size_t limit_bytes);

/// The whole message as HTML, the title linked and bold, at most `limit_units` UTF-16 units (markup included).
std::string html_message(const Alert& alert, std::size_t limit_units);

}  // namespace newswatch
