#pragma once
// The built-in site extractors, one function per file in this folder; the
// registry (registry.cpp) makes them Extractors. Each takes a parsed page and
// the page's own URL (for relative links) and returns items in page order,
// duplicates not yet merged.

#include <string_view>
#include <vector>

#include "config/item.h"
#include "extractors/html.h"

namespace newswatch {

/// NK News listings (2020 theme and 2021+ layouts), article pages (the article
/// and its "Related Articles"), and nothing from a redirect body.
std::vector<Item> extract_nknews(const HtmlDocument& doc, std::string_view page_url);

/// A MENAFN-format press-release listing: headline and "(MENAFN) ..." excerpt.
std::vector<Item> extract_menafn(const HtmlDocument& doc, std::string_view page_url);

/// Korea JoongAng Daily section listings and article pages (the article with
/// its KST date-time, plus its "More in" and "Related Stories" headlines).
std::vector<Item> extract_joongang(const HtmlDocument& doc, std::string_view page_url);

}  // namespace newswatch
