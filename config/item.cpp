#include "config/item.h"

#include <nlohmann/json.hpp>

namespace newswatch {

const std::string& identity(const Item& item) {
  return item.key.empty() ? item.url : item.key;
}

nlohmann::ordered_json to_json(const Item& item) {
  nlohmann::ordered_json j;
  j["site"] = item.site;
  j["url"] = item.url;
  j["title"] = item.title;
  j["summary"] = item.summary;
  j["authors"] = item.authors;
  j["published"] = item.published ? nlohmann::ordered_json(*item.published) : nlohmann::ordered_json(nullptr);
  j["tags"] = item.tags;
  return j;
}

std::string to_json_line(const Item& item) {
  // Invalid UTF-8 that slipped past decoding is replaced, never a crash.
  return to_json(item).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

Item item_from_json(const nlohmann::ordered_json& j) {
  Item item;
  item.site = j.value("site", "");
  item.url = j.value("url", "");
  item.title = j.value("title", "");
  item.summary = j.value("summary", "");
  if (j.contains("authors")) item.authors = j["authors"].get<std::vector<std::string>>();
  if (j.contains("published") && j["published"].is_string()) item.published = j["published"].get<std::string>();
  if (j.contains("tags")) item.tags = j["tags"].get<std::vector<std::string>>();
  return item;
}

}  // namespace newswatch
