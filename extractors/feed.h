#pragma once
// The "feed" extractor: RSS 2.0, RSS 1.0 (RDF), Atom 1.0 and JSON Feed 1.0/1.1
// entries as items.
//
// Bytes -> UTF-8 and repaired XML (feed_text.h) -> libxml2 in recover mode ->
// raw entries (feed_parse.h; a document starting with '{' is a JSON Feed, read
// by feed_json.h into the same raw entries) -> items: title and summary as text (HTML in them
// reduced by Gumbo), the link resolved against xml:base and then the feed's URL,
// the published time (feed_dates.h), authors, categories as tags.
//
// Identity stays the canonical link, so an article seen in a feed and on a
// listing is one item. An entry whose link is missing, or shared with entries
// that are not the same article (one URL for every entry, live-blog anchors),
// is known by its GUID when that is unique, else by its title and date; the
// report says so (ExtractReport::identity), and `status` shows it.

#include <memory>

#include "extractors/extractor.h"

namespace newswatch {

/// The largest feed parsed (bytes, after decoding); a larger one is refused with a parse error.
inline constexpr std::size_t k_max_feed_bytes = 64u << 20;

/// Longest summary kept (bytes): a feed may carry whole articles in content:encoded.
inline constexpr std::size_t k_max_feed_summary_bytes = 1000;

/// The feed extractor (stateless).
std::unique_ptr<const Extractor> make_feed_extractor();

}  // namespace newswatch
