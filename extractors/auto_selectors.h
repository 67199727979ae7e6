#pragma once
// The [site.selectors] equivalent of what auto found, for a user who wants to pin
// it into a css site. The item selector is one path per kept group, from the
// nearest ancestor with an id (or <body>) down to the cards, each step
// "tag.class" with `>`; the title, link, summary and date selectors are paths
// relative to the card, taken from the group's cards and joined with `,`.
// Each item path is checked against the page: a path that also selects other
// elements is made longer, up to <body>.

#include <string>

#include "config/config.h"
#include "extractors/auto_cards.h"
#include "extractors/html.h"

namespace newswatch {

/// Selectors that make the css extractor find the kept groups' cards of `analysis`
/// (item, title, link, and summary/published when the cards show them).
SelectorConfig pinned_selectors(const HtmlDocument& doc, const CardAnalysis& analysis);

/// A `[site.selectors]` TOML block for `selectors` (empty fields left out).
std::string selectors_toml(const SelectorConfig& selectors);

}  // namespace newswatch
