#include "extractors/feed_json.h"

#include <nlohmann/json.hpp>

#include <fmt/format.h>

#include "extractors/json_depth.h"

namespace newswatch {
namespace {

using Json = nlohmann::json;

// A JSON Feed nests four levels (feed, items, item, authors/author); anything past this is not one.
constexpr std::size_t k_max_json_feed_depth = 32;

/// The string at `key` of `object`, or "" when it is missing or not a string.
std::string string_at(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

/// The item's id: a string, or (JSON Feed 1.0 allowed it) a number written as text.
std::string id_of(const Json& item) {
  auto it = item.find("id");
  if (it == item.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number()) return it->dump();
  return "";
}

void read_authors(const Json& item, RawEntry& entry) {
  auto add = [&](const Json& author) {
    if (author.is_object())
      if (std::string name = string_at(author, "name"); !name.empty()) entry.authors.push_back(std::move(name));
  };
  if (auto list = item.find("authors"); list != item.end() && list->is_array())
    for (const Json& author : *list) add(author);
  if (entry.authors.empty())
    if (auto one = item.find("author"); one != item.end()) add(*one);  // JSON Feed 1.0
}

RawEntry read_item(const Json& item) {
  RawEntry entry;
  entry.title = FeedText{string_at(item, "title"), Markup::text};
  for (const char* key : {"url", "external_url"})
    if (std::string link = string_at(item, key); !link.empty()) entry.links.push_back(std::move(link));
  entry.guid = id_of(item);
  entry.summary = FeedText{string_at(item, "summary"), Markup::text};
  entry.content = FeedText{string_at(item, "content_text"), Markup::text};
  if (entry.content.text.empty()) entry.content = FeedText{string_at(item, "content_html"), Markup::html};
  for (const char* key : {"date_published", "date_modified"})
    if (std::string date = string_at(item, key); !date.empty()) entry.dates.push_back(std::move(date));
  read_authors(item, entry);
  if (auto tags = item.find("tags"); tags != item.end() && tags->is_array())
    for (const Json& tag : *tags)
      if (tag.is_string()) entry.categories.push_back(tag.get<std::string>());
  return entry;
}

}  // namespace

bool looks_like_json(std::string_view text) noexcept {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

Result<RawFeed> parse_json_feed(std::string_view text) {
  if (std::size_t depth = json_depth(text, k_max_json_feed_depth); depth > k_max_json_feed_depth)
    return fail(ErrorKind::parse, fmt::format("JSON feed nests deeper than {} levels", k_max_json_feed_depth));
  const Json feed = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (feed.is_discarded()) return fail(ErrorKind::parse, "not a feed: not valid JSON");
  if (!feed.is_object() || string_at(feed, "version").find("jsonfeed.org/version/") == std::string::npos)
    return fail(ErrorKind::parse, "not a feed: JSON without a jsonfeed.org \"version\"");
  auto items = feed.find("items");
  if (items == feed.end() || !items->is_array())
    return fail(ErrorKind::parse, "not a feed: a JSON Feed without an \"items\" array");
  RawFeed out;
  out.format = "json";
  out.channel_link = string_at(feed, "home_page_url");
  for (const Json& item : *items) {
    if (!item.is_object()) continue;
    if (out.entries.size() >= k_max_feed_entries) {
      ++out.entries_dropped;
      continue;
    }
    out.entries.push_back(read_item(item));
  }
  return out;
}

}  // namespace newswatch
