#pragma once
// A feed's entries as the XML says them, before any judgement: libxml2 reads
// the repaired text (feed_text.h) in recover mode, without network, DTD or
// entity substitution, and one iterative walk collects the elements of each
// RSS 2.0 <item>, RSS 1.0 <item> and Atom <entry>. Elements are recognised by
// namespace (Atom, RSS 1.0, Dublin Core, content:, FeedBurner), or by the
// usual prefix when a feed forgot to declare it.

#include <cstddef>
#include <string>
#include <vector>

#include "config/error.h"

namespace newswatch {

/// What an element's text is, as far as the feed says.
enum class Markup {
  text,        ///< plain text (Atom type="text", or inline xhtml already reduced to its text)
  maybe_html,  ///< RSS: often escaped HTML, sometimes text with a literal '<'
  html,        ///< Atom type="html": markup to be reduced to text
};

/// An element's character data (CDATA included, XML entities decoded) and what it is.
struct FeedText {
  std::string text;
  Markup markup = Markup::maybe_html;
};

/// One entry's raw fields.
struct RawEntry {
  FeedText title;
  std::vector<std::string> links;  ///< article links, best first (FeedBurner origLink, then link/alternate)
  std::string link_base;           ///< the xml:base chain in force at the entry, outermost first, '\n'-separated
  std::string guid;                ///< <guid>, <id> or rdf:about, trimmed
  bool guid_is_permalink = false;  ///< an RSS <guid> without isPermaLink="false": the guid is a link too
  FeedText summary;                ///< <description>, <summary>, dc:description
  FeedText content;                ///< content:encoded or Atom <content>: the summary when there is none
  std::vector<std::string> dates;  ///< published-like first (pubDate, published, dc:date, issued), then updated
  std::vector<std::string> authors;
  std::vector<std::string> categories;
};

/// A parsed feed.
struct RawFeed {
  std::string format;               ///< "rss", "rdf" or "atom" (the root element); "json" (feed_json.h)
  std::string channel_link;         ///< the feed's own <link> to its site, unresolved ("" when absent)
  std::string channel_base;         ///< the xml:base chain at the feed's root
  std::vector<RawEntry> entries;    ///< in document order
  std::size_t entries_dropped = 0;  ///< entries past k_max_feed_entries
};

/// Entries a feed may have; more are dropped (and counted).
inline constexpr std::size_t k_max_feed_entries = 10000;

/// The entries of UTF-8 `xml` (already through sanitize_feed_xml). Fails with ErrorKind::parse when the
/// document has no <rss>, <rdf:RDF> or <feed> root, naming what it has instead.
Result<RawFeed> parse_feed_xml(const std::string& xml);

}  // namespace newswatch
