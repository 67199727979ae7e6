#pragma once
// Judging one fetched candidate: a feed is a document whose root is <rss>,
// <feed> or <rdf:RDF> and that the feed extractor reads; a sitemap passes
// check_sitemap() (discovery_sitemap_check.h); the page is what `auto` finds
// on it. Each fills in a Finding: entries, how many are recent, the newest
// date and the first titles, or why the candidate is not a source. rank()
// orders findings best first, and describe() says what one yields.

#include <cstdint>
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

/// `finding` judged as a sitemap from its fetched `body`.
void judge_sitemap(Finding& finding, std::string_view body, std::int64_t now);

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
