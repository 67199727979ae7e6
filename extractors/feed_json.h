#pragma once
// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) as the raw entries the XML feeds give
// (feed_parse.h), so one path turns both into items: the id is the GUID; url, then external_url,
// the links; title, summary and content_text are text, content_html is markup; date_published,
// then date_modified (RFC 3339); authors (1.1) or author (1.0) by name; tags as categories;
// home_page_url as the channel link. The document is bounded in size by the feed extractor and
// in nesting here before nlohmann parses it; the walk over it is flat (items, then their fields).

#include <string_view>

#include "config/error.h"
#include "extractors/feed_parse.h"

namespace newswatch {

/// True when UTF-8 `text` is JSON rather than XML: its first character after whitespace is '{'.
bool looks_like_json(std::string_view text) noexcept;

/// The entries of the JSON Feed `text` (UTF-8), at most k_max_feed_entries. Fails with ErrorKind::parse when it
/// is not JSON, nests past k_max_tree_depth, or is not a JSON Feed (no jsonfeed.org "version", no "items" array).
Result<RawFeed> parse_json_feed(std::string_view text);

}  // namespace newswatch
