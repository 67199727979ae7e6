// The two store calls behind interval = "auto" (crawler/adaptive_interval.h):
// how many items a site showed for the first time lately, and writing back the
// due time the adaptive schedule chose. The baseline crawl stores a whole
// listing at one first_seen; those items are the site's past, so the count
// starts after the oldest first_seen of the site.

#include "store/sql_store.h"

#include <algorithm>

namespace newswatch {

Result<NewItemCount> SqlStore::new_item_count(std::string_view site, std::int64_t since, std::int64_t until) {
  return guarded("new items of site " + std::string(site), [&]() -> Result<NewItemCount> {
    NewItemCount count;
    auto oldest = m_db.query("SELECT MIN(first_seen) FROM items WHERE site = ?1");
    oldest.bind(1, site);
    if (oldest.step()) count.baseline_at = oldest.opt_int64(0);
    if (!count.baseline_at) return count;
    // Strictly after the baseline: items first seen in the baseline crawl are not news.
    auto recent = m_db.query("SELECT COUNT(*) FROM items WHERE site = ?1 AND first_seen > ?2 AND first_seen <= ?3");
    recent.bind(1, site).bind(2, std::max(since - 1, *count.baseline_at)).bind(3, until);
    if (recent.step()) count.new_items = recent.int64(0);
    return count;
  });
}

Result<void> SqlStore::set_next_due(std::string_view site, std::int64_t at) {
  return guarded("next due time of site " + std::string(site), [&]() -> Result<void> {
    m_db.query("UPDATE sites SET next_due_at = ?2 WHERE name = ?1").bind(1, site).bind(2, at).run();
    return {};
  });
}

}  // namespace newswatch
