#pragma once
// extract's additions for the auto extractor: a saved page decoded to UTF-8
// the way the crawler decodes a fetched one (crawler/charset.h: BOM, then
// <meta charset>, else detection; with no Content-Type, as a file has none);
// the page's own address when no --url is given (its <link rel=canonical> or
// og:url); and --explain, which prints what auto found on the page and why,
// with a [site.selectors] block to pin the same cards into a css site.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace newswatch {

/// A saved page's bytes as UTF-8, decoded as the crawler decodes a page served without a Content-Type.
std::string decode_saved_page(std::string_view bytes);

/// The address a saved page states for itself (<link rel=canonical>, else og:url), said on stderr; when it states
/// none, prints an error naming the missing --url and returns nullopt.
std::optional<std::string> page_url_from_page(std::string_view html);

/// `extract --explain`: prints explain_auto() for the page in `file` (or stdin for "-"). Only for the auto
/// extractor (--site auto, or with `config` a site whose extractor is auto): any other is a usage error (exit 2).
/// Exit 1 when the file cannot be read or is not HTML.
int cmd_extract_explain(const std::string& name, const std::optional<std::string>& page_url, const std::string& file,
                        const std::optional<std::filesystem::path>& config);

}  // namespace newswatch
