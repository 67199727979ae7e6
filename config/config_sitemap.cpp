// The [[site]] keys of extractor "sitemap": recent, max_children, fetch_titles, max_title_fetches.
// On a site with another extractor they do nothing, which a located warning says (not an error: a user
// switching a site between "sitemap" and another extractor should not have to delete lines first).

#include <fmt/format.h>

#include "config/config_sections.h"
#include "config/limits.h"

namespace newswatch::config_detail {

void read_site_sitemap(TableReader& reader, SiteConfig& site) {
  SitemapSettings& sitemap = site.sitemap;
  if (auto recent = reader.duration("recent")) {
    sitemap.recent = *recent;
    const toml::node* node = reader.find("recent");
    sitemap.recent_text = node && node->as_string() ? node->as_string()->get() : std::string();
  }
  if (auto children = reader.integer("max_children", 1, k_sitemap_max_children))
    sitemap.max_children = static_cast<int>(*children);
  if (auto fetch = reader.boolean("fetch_titles")) sitemap.fetch_titles = *fetch;
  if (auto fetches = reader.integer("max_title_fetches", 1, k_sitemap_max_title_fetches))
    sitemap.max_title_fetches = static_cast<int>(*fetches);
  if (site.extractor == "sitemap") return;
  for (std::string_view key : {"recent", "max_children", "fetch_titles", "max_title_fetches"}) {
    if (!reader.find(key)) continue;
    reader.diagnostics().warning(reader.where(key),
                                 fmt::format("'{}' applies only to extractor = \"sitemap\"; site '{}' uses \"{}\", "
                                             "so it is ignored",
                                             key, site.name, site.extractor));
  }
}

}  // namespace newswatch::config_detail
