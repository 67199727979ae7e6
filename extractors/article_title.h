#pragma once
// The headline of one article page, for a sitemap entry that names none (`fetch_titles`): what the
// page says to share it by (og:title) first, then its first <h1>, then its <title> (which often carries
// " - Site Name"). Gumbo under the same bounds as every page (html.h).

#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

/// The page's og:title, else its first <h1>, else its <title>, as clean text; nullopt when none of them has
/// text, or the page cannot be parsed (it nests past k_max_tree_depth).
std::optional<std::string> article_title(std::string_view html);

}  // namespace newswatch
