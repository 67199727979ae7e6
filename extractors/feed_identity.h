#pragma once
// Which key each feed entry is known by. The canonical link first (the same
// article on a listing and in a feed is one item); an entry whose link is
// missing, or shared by entries that are different articles (a different GUID
// or title: one URL for every entry), falls back to its GUID when no other
// entry has that GUID, else to its title and date. Fallback keys are scoped to
// the feed's host, so GUIDs like "1234" from two feeds do not meet. The choice
// is per entry: a feed whose links are fine keeps link keys for every entry
// even if one entry is broken, so keys do not change under readers' feet.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/item.h"
#include "extractors/url.h"

namespace newswatch {

/// An entry on its way to an item: the item (title, date... filled), its link and GUID.
struct FeedEntry {
  Item item;                    ///< url and key are set by assign_identities()
  std::optional<ItemUrl> link;  ///< the resolved article link, when the entry has one
  std::string guid;
};

/// Sets each entry's item.url and item.key as the file comment says; an entry without a link gets
/// `fallback_link` (the feed's site, else the feed) as its url. Returns "" when every entry is known by
/// its link, else what `status` says, e.g. "guid (links unusable) for 20 of 20 entries".
std::string assign_identities(std::vector<FeedEntry>& entries, std::string_view feed_url,
                              std::string_view fallback_link);

}  // namespace newswatch
