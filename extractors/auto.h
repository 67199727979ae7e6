#pragma once
// extractor = "auto": the listing of an arbitrary news homepage or section page,
// with no configuration. What the page says about itself comes first: three or
// more on-site articles in its JSON-LD or microdata are the listing
// (auto_jsonld.h). Otherwise the layout decides: cards of article links grouped
// by repeated DOM position and scored (auto_cards.h, whose comment gives the
// rule). explain_auto() says what was found and why, with the [site.selectors]
// that pin the same cards into a css site (auto_selectors.h).

#include <memory>
#include <string>

#include "config/error.h"
#include "extractors/extractor.h"

namespace newswatch {

/// The auto extractor.
std::unique_ptr<const Extractor> make_auto_extractor();

/// A report of what auto finds on the page and why: the structured data, the chosen
/// group (signature, cards, score, reasons), the others and why they lost, and a
/// [site.selectors] block. Fails as extract() does (binary bytes, a page nested too deep).
Result<std::string> explain_auto(std::string_view html, std::string_view page_url, const ExtractOptions& options);

}  // namespace newswatch
