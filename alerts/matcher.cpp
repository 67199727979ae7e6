#include "alerts/matcher.h"

#include <algorithm>
#include <numeric>

#include "alerts/query.h"
#include "alerts/snippet.h"
#include "alerts/watch_index.h"

namespace newswatch {

struct Matcher::Compiled {
  WatchConfig watch;
  Query query;
  bool every_site = std::find(watch.sites.begin(), watch.sites.end(), "*") != watch.sites.end();

  bool covers_site(std::string_view site) const {
    return every_site || std::find(watch.sites.begin(), watch.sites.end(), site) != watch.sites.end();
  }
};

namespace {

WatchIndex index_watches(const std::vector<const Query*>& queries) {
  std::vector<QueryAnchors> anchors;
  anchors.reserve(queries.size());
  for (const Query* query : queries) anchors.push_back(query_anchors(*query));
  return WatchIndex(anchors);
}

}  // namespace

Matcher::Matcher(std::vector<Compiled> watches) : m_watches(std::move(watches)) {
  std::vector<const Query*> queries;
  for (const Compiled& compiled : m_watches) queries.push_back(&compiled.query);
  m_index = std::make_unique<const WatchIndex>(index_watches(queries));
  for (const Compiled& compiled : m_watches) {
    m_every_site.push_back(compiled.every_site);
    for (const std::string& site : compiled.watch.sites) {
      if (site == "*") m_covers_every_site = true;
      m_sites_named.push_back(site);
    }
  }
  std::sort(m_sites_named.begin(), m_sites_named.end());
  m_sites_named.erase(std::unique(m_sites_named.begin(), m_sites_named.end()), m_sites_named.end());
}
Matcher::Matcher(Matcher&&) noexcept = default;
Matcher& Matcher::operator=(Matcher&&) noexcept = default;
Matcher::~Matcher() = default;

Result<Matcher> Matcher::build(const Config& config) {
  std::vector<Compiled> watches;
  watches.reserve(config.watches.size());
  AliasIndex aliases(config.aliases);  // once for all watches: indexing is linear in the forms
  for (const auto& watch : config.watches) {
    auto query = Query::parse(watch.query, aliases);
    if (!query) {
      return fail(ErrorKind::config, "watch '" + watch.name + "': query: " + query.error().message);
    }
    watches.push_back(Compiled{watch, std::move(*query)});
  }
  return Matcher(std::move(watches));
}

std::optional<WatchHit> Matcher::hit(const Compiled& compiled, const MatchText& text) {
  auto matched = compiled.query.match(text);
  if (!matched) return std::nullopt;
  return WatchHit{compiled.watch.name, compiled.watch.notify, std::move(*matched), compiled.watch.once_per_story};
}

std::vector<WatchHit> Matcher::match(const Item& item, Snippet* snippet) const {
  if (!some_watch_covers(item.site)) return {};
  MatchText text = MatchText::from(item);  // tokenised once for all watches
  return hits_among(item, text, m_index->candidates(text), snippet);
}

std::vector<WatchHit> Matcher::match_every_watch(const Item& item, Snippet* snippet) const {
  if (!some_watch_covers(item.site)) return {};
  std::vector<std::uint32_t> every(m_watches.size());
  std::iota(every.begin(), every.end(), 0);
  return hits_among(item, MatchText::from(item), every, snippet);
}

std::vector<WatchHit> Matcher::hits_among(const Item& item, const MatchText& text,
                                          const std::vector<std::uint32_t>& ids, Snippet* snippet) const {
  std::vector<WatchHit> hits;
  std::vector<const QueryTerm*> terms;  // the terms the hits matched, for the snippet
  for (std::uint32_t id : ids) {
    const Compiled& compiled = m_watches[id];
    if (!m_every_site[id] && !compiled.covers_site(item.site)) continue;
    auto found = hit(compiled, text);
    if (!found) continue;
    for (const QueryTerm& term : compiled.query.terms()) {
      const auto& matched = found->matched;
      if (std::find(matched.begin(), matched.end(), term.label) != matched.end()) terms.push_back(&term);
    }
    hits.push_back(std::move(*found));
  }
  if (snippet && !hits.empty()) *snippet = make_snippet(item, text, terms);
  return hits;
}

bool Matcher::some_watch_covers(std::string_view site) const {
  return m_covers_every_site || std::binary_search(m_sites_named.begin(), m_sites_named.end(), site);
}

const Matcher::Compiled* Matcher::find(std::string_view name) const {
  auto it = std::find_if(m_watches.begin(), m_watches.end(), [&](const Compiled& c) { return c.watch.name == name; });
  return it == m_watches.end() ? nullptr : &*it;
}

std::optional<WatchHit> Matcher::match_watch(std::string_view name, const Item& item) const {
  const Compiled* compiled = find(name);
  if (!compiled || !compiled->covers_site(item.site)) return std::nullopt;
  return hit(*compiled, MatchText::from(item));
}

const Query* Matcher::watch_query(std::string_view name) const {
  const Compiled* compiled = find(name);
  return compiled ? &compiled->query : nullptr;
}

bool Matcher::watch_covers(std::string_view name, std::string_view site) const {
  const Compiled* compiled = find(name);
  return compiled && compiled->covers_site(site);
}

std::optional<std::string> query_error(std::string_view query,
                                       const std::map<std::string, std::vector<std::string>>& aliases) {
  auto parsed = Query::parse(query, aliases);
  if (parsed) return std::nullopt;
  return parsed.error().message;
}

std::vector<std::string> query_warnings(std::string_view query,
                                        const std::map<std::string, std::vector<std::string>>& aliases,
                                        const std::vector<std::string>& sites) {
  std::vector<std::string> out;
  auto parsed = Query::parse(query, aliases);
  if (!parsed) return out;
  for (const auto& warning : parsed->warnings()) out.push_back(warning.to_string());
  if (sites.empty()) return out;
  for (const QueryTerm& term : parsed->terms()) {  // a mistyped site: would silently never match
    if (term.scope != Scope::site) continue;
    bool known = std::any_of(sites.begin(), sites.end(), [&](const std::string& site) {
      MatchText text;
      text.site = TokenText::from(site);
      return term_found(term, text);
    });
    if (!known) {
      std::string names;
      for (const std::string& site : sites) names += (names.empty() ? "" : ", ") + site;
      out.push_back(at_column(term.shown + " names no configured site (configured: " + names + ")", term.column));
    }
  }
  return out;
}

Result<std::optional<std::vector<std::string>>> match_query(
    std::string_view query, const std::map<std::string, std::vector<std::string>>& aliases, std::string_view title,
    std::string_view summary) {
  auto parsed = Query::parse(query, aliases);
  if (!parsed) return tl::unexpected(parsed.error());
  return parsed->match(title, summary);
}

}  // namespace newswatch
