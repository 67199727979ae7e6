#pragma once
// Where a site names its sources, read without any network: the page's
// <link rel="alternate"> feeds, the Sitemap: lines of its robots.txt, and the
// short lists of paths sites commonly serve feeds and news sitemaps at. Each
// reference is resolved against the page (or robots.txt) URL; anything not
// http(s) is dropped, and each URL is listed once.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crawler/discovery_source.h"

namespace newswatch {

/// The most references taken from one page or robots.txt (a hostile page may name thousands).
inline constexpr std::size_t k_max_named_candidates = 8;

/// Feeds the page names with <link rel="alternate" type="application/rss+xml|atom+xml|feed+json|json">
/// (in <head> or <body>), resolved against `page_url`, in page order, each URL once.
std::vector<Candidate> alternate_feeds(std::string_view html, std::string_view page_url);

/// The page's own address as it states it: <link rel="canonical">, else <meta property="og:url">; nullopt if neither
/// is an absolute http(s) URL.
std::optional<std::string> stated_page_url(std::string_view html);

/// The URLs of the Sitemap: lines of a robots.txt (case-insensitive key, any group), resolved against
/// `robots_url`, each once, at most k_max_named_candidates.
std::vector<std::string> robots_sitemaps(std::string_view robots_text, std::string_view robots_url);

/// Paths sites commonly serve feeds at, most likely first ("/feed", "/rss", ...).
const std::vector<std::string>& common_feed_paths();

/// Names commonly given to news sitemaps ("/sitemap_news.xml", ...).
const std::vector<std::string>& common_sitemap_paths();

/// `path` on the origin of `page_url` ("https://host[:port]" + path), or "" when `page_url` has no http(s) origin.
std::string on_origin(std::string_view page_url, std::string_view path);

/// True for a feed of comments rather than articles (by its title or URL): ranked after the article feeds.
bool is_comments_feed(const Candidate& candidate);

/// True when `url` looks like a news sitemap by its name ("news" in its path).
bool looks_like_news_sitemap(std::string_view url);

}  // namespace newswatch
