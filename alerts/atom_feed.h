#pragma once
// An Atom 1.0 feed (RFC 4287) of a watch's matches, or of every watch's: what `/feeds/WATCH.atom`
// serves and `newswatch feed` prints. One entry per recorded match (store Store::feed_matches), with
// the item's link, site (as the author), published date, matched terms (as categories) and the snippet:
// the summary as text, the content as HTML with the matched words in <b>.
//
// Entry ids are stable, so a reader never shows one match twice: `urn:newswatch:match:H:WATCH`, where H
// is the SHA-256 (first 32 hex digits) of the item's identity (its canonical URL, the same in every
// database and across restarts) and WATCH the watch, whose names are plain ([A-Za-z0-9._-]).
//
// The XML is written by libxml2's xmlTextWriter, which escapes markup; before that every text passes
// xml_text(), which drops what XML 1.0 forbids (control characters, U+FFFE/U+FFFF) and repairs bad
// UTF-8, so a hostile title (`<script>`, `&`, `]]>`, a NUL) comes out as well-formed text.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/alert.h"

namespace newswatch {

struct AtomFeedInfo {
  std::string id;        ///< the feed's id: feed_id(watch) or feed_id("")
  std::string title;     ///< "newswatch: WATCH"
  std::string self_url;  ///< where the feed is served (rel="self"); "" leaves the link out
  std::string watch;     ///< the one watch, or "" for every watch (entry titles then start "[watch] ")
  std::int64_t now = 0;  ///< unix seconds: the feed's <updated> when it has no entry
};

/// "urn:newswatch:feed:WATCH", or "urn:newswatch:feed:all" for "".
std::string feed_id(std::string_view watch);

/// The stable id of `match`'s entry (the file comment says how it is made).
std::string feed_entry_id(const Alert& match);

/// `text` as XML 1.0 character data may hold it: ill-formed UTF-8 becomes U+FFFD, control characters other
/// than tab, newline and carriage return are dropped, U+FFFE and U+FFFF become U+FFFD.
std::string xml_text(std::string_view text);

/// The feed document (UTF-8, with an XML declaration) listing `matches` in the order given (newest first).
std::string atom_feed(const AtomFeedInfo& info, const std::vector<Alert>& matches);

}  // namespace newswatch
