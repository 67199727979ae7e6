#pragma once
// The config-defined extractor: a site described by CSS selectors only
// ([site.selectors] in the config). Each field is "SELECTOR" (the element's
// text) or "SELECTOR @attr" (an attribute's value); "@attr" alone reads the
// item element itself. `item`, `title` and `link` are required. A field
// selector starting with `+` or `~` ("+ dd", "~ p.summary") is looked for
// among the item's following siblings, up to the next item.

#include <memory>

#include "config/config.h"
#include "config/error.h"
#include "extractors/extractor.h"

namespace newswatch {

/// An extractor for `selectors`; fails with ErrorKind::config naming the field
/// and the column when a selector does not parse (every bad one, one line each:
/// "selectors.FIELD: ...") or a required one is missing.
Result<std::unique_ptr<const Extractor>> make_css_extractor(const SelectorConfig& selectors);

}  // namespace newswatch
