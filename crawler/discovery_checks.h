#pragma once
// Judging one fetched candidate: a feed is a document whose root is <rss>,
// <feed> or <rdf:RDF> and that the feed extractor reads; a sitemap is what the
// sitemap extractor reads (extractors/sitemap.h: gzip, index or urlset, the
// 2-day window and max_children of a site that names no others), so the counts
// are what a configured site would get; the page is what `auto` finds on it.
// Each fills in a Finding: entries, how many are recent, the newest date and
// the first titles, or why the candidate is not a source. rank() orders
// findings best first, and describe() says what one yields.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/discovery_source.h"

namespace newswatch {

/// How far back a feed entry counts as recent when ranking.
inline constexpr std::int64_t k_feed_recent_seconds = 30 * 86400;

/// Titles kept per finding.
inline constexpr std::size_t k_titles_kept = 3;

/// `finding` judged as a feed from its fetched `body` (raw bytes; `content_type` as the server sent it).
void judge_feed(Finding& finding, std::string_view body, std::string_view content_type, std::int64_t now);

/// `finding` judged as a sitemap from its fetched `body` (gzip or not) by the sitemap extractor at `now`.
void judge_sitemap(Finding& finding, std::string_view body, std::int64_t now);

/// A sitemap index `index` completed by its newest child `child` (judged by judge_sitemap): the index's recent
/// entries, titles and newest date are that child's, since a crawl of the index yields the children's items.
void take_child(Finding& index, const Finding& child);

/// The local name of the document's first element ("urlset" for <ns:urlset ...>), skipping the XML declaration,
/// comments, processing instructions and a DOCTYPE; "" when there is none. A sniff, not a parser.
std::string_view xml_root_name(std::string_view document);

/// The kind of source a fetched document is by its first bytes: a feed (<rss>, <feed>, <rdf:RDF>, JSON), a sitemap
/// (<urlset>, <sitemapindex>, or gzip data), else nullopt (a page, or anything else).
std::optional<SourceKind> document_kind(std::string_view body);

/// `finding` judged as a listing page: `html` already decoded to UTF-8, read by the auto extractor.
void judge_page(Finding& finding, std::string_view html, std::int64_t now);

/// Orders `findings` best first: feeds with recent entries (more entries, then newer), news sitemaps with
/// recent entries, the page under auto, other valid sources, candidates not checked, then failures.
void rank(std::vector<Finding>& findings);

/// What a finding yields, one line: "feed: 20 entries, newest 2 h ago", "failed: HTTP 404".
std::string describe(const Finding& finding, std::int64_t now);

/// "2 h ago", "3 d ago", "just now", "in the future" for a unix time seen at `now`.
std::string age_text(std::int64_t time, std::int64_t now);

}  // namespace newswatch
