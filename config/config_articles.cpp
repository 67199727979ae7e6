// The article keys: a site's `fetch_articles`, `article_timeout` and `max_article_fetches`, and a watch's
// `fetch_articles`, which turns fetching on for the sites the watch covers (a watch that cares what the fourth
// paragraph says should not have to repeat the key on every site). Ranges are in config/limits.h.

#include <algorithm>

#include "config/config_sections.h"
#include "config/limits.h"

namespace newswatch::config_detail {

void read_site_articles(TableReader& reader, SiteConfig& site) {
  if (auto fetch = reader.boolean("fetch_articles")) site.fetch_articles = *fetch;
  if (auto timeout = reader.duration("article_timeout")) site.article_timeout = *timeout;
  if (auto fetches = reader.integer("max_article_fetches", 1, k_max_article_fetches))
    site.max_article_fetches = static_cast<int>(*fetches);
}

void apply_watch_article_fetching(Config& config) {
  for (const WatchConfig& watch : config.watches) {
    if (!watch.fetch_articles) continue;
    const bool every_site = std::find(watch.sites.begin(), watch.sites.end(), "*") != watch.sites.end();
    for (SiteConfig& site : config.sites)
      if (every_site || std::find(watch.sites.begin(), watch.sites.end(), site.name) != watch.sites.end())
        site.fetch_articles = true;
  }
}

}  // namespace newswatch::config_detail
