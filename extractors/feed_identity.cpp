#include "extractors/feed_identity.h"

#include <unordered_map>

#include <fmt/format.h>

namespace newswatch {
namespace {

// Whether each entry's `field` names it alone: no other entry with the same value is a different
// article (a different GUID or title). An exact repeat of one entry does not count against it.
template <class Field>
std::vector<bool> unique_values(const std::vector<FeedEntry>& entries, Field field) {
  std::unordered_map<std::string, std::size_t> first;  // value -> first entry holding it
  std::vector<bool> ok(entries.size(), false);
  std::vector<bool> shared(entries.size(), false);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string* value = field(entries[i]);
    if (!value || value->empty()) continue;
    ok[i] = true;
    auto [it, inserted] = first.emplace(*value, i);
    if (inserted) continue;
    const FeedEntry& a = entries[it->second];
    const FeedEntry& b = entries[i];
    if (a.guid != b.guid || a.item.title != b.item.title) shared[i] = shared[it->second] = true;
  }
  // Every holder of a shared value loses it, not only the first two.
  std::unordered_map<std::string, bool> value_shared;
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (ok[i]) value_shared[*field(entries[i])] = value_shared[*field(entries[i])] || shared[i];
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (ok[i]) ok[i] = !value_shared[*field(entries[i])];
  return ok;
}

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

std::string assign_identities(std::vector<FeedEntry>& entries, std::string_view feed_url,
                              std::string_view fallback_link) {
  const std::vector<bool> link_ok =
      unique_values(entries, [](const FeedEntry& e) { return e.link ? &e.link->key : nullptr; });
  const std::vector<bool> guid_ok = unique_values(entries, [](const FeedEntry& e) { return &e.guid; });
  const std::string scope = url_host(feed_url);
  std::size_t by_guid = 0, by_title = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    FeedEntry& e = entries[i];
    e.item.url = e.link ? e.link->link : std::string(fallback_link);
    if (link_ok[i]) {
      e.item.key = e.link->key;
    } else if (guid_ok[i]) {
      e.item.key = fmt::format("guid:{}/{}", scope, e.guid);
      ++by_guid;
    } else {
      e.item.key = fmt::format("title:{}/{}/{}", scope, e.item.published.value_or(""), lowered(e.item.title));
      ++by_title;
    }
  }
  if (by_title > 0)
    return fmt::format("title+date (links and guids unusable) for {} of {} entries", by_title, entries.size());
  if (by_guid > 0) return fmt::format("guid (links unusable) for {} of {} entries", by_guid, entries.size());
  return "";
}

}  // namespace newswatch
