#pragma once
// The HTML alternative of an alert mail: the same content as the plain-text
// part, with the snippet's matched words in bold (<b>), the title a link, and
// every text from the page HTML-escaped. Mail clients show it in place of the
// plain text; clients without HTML keep the plain part (`**` bold).

#include <string>
#include <vector>

#include "config/alert.h"

namespace newswatch {

/// A complete HTML document for one alert or a digest of several.
std::string email_html(const std::vector<Alert>& alerts);

/// True when some alert carries a snippet, so the mail gains an HTML part that can show the match in bold.
bool email_wants_html(const std::vector<Alert>& alerts);

}  // namespace newswatch
