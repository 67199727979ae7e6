#pragma once
// An item: one article as a listing shows it. The shape is the contract of
// DESIGN.md ("Item"): what `extract` and `items --json` print and what
// webhook payloads carry.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace newswatch {

struct Item {
  std::string site;                      ///< configured site name ("" from a bare extractor)
  std::string url;                       ///< the link: absolute, as the page gave it (scheme kept)
  std::string title;                     ///< entity-decoded, whitespace-collapsed UTF-8
  std::string summary;                   ///< may be empty
  std::vector<std::string> authors;      ///< in byline order
  std::optional<std::string> published;  ///< ISO 8601 date or date-time with offset
  std::vector<std::string> tags;         ///< e.g. "NK PRO"
  std::string body;                      ///< the article's main text, when fetched (fetch_articles); not in JSON
  std::string key;                       ///< identity for dedup (scheme-insensitive canonical URL); not in JSON

  bool operator==(const Item&) const = default;
};

/// The item's identity: `key`, or `url` for an item made without one.
const std::string& identity(const Item& item);

/// The item as the contract's JSON object (exactly the keys of DESIGN.md, in order).
nlohmann::ordered_json to_json(const Item& item);

/// One JSON Lines row: to_json(item) dumped on one line, UTF-8 kept as is.
std::string to_json_line(const Item& item);

/// Reads an item back from its JSON object; fields missing from `j` stay empty.
Item item_from_json(const nlohmann::ordered_json& j);

}  // namespace newswatch
