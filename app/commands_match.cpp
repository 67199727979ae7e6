// `newswatch match`: a dry run of a query, or of a configured watch, over the
// stored items, saying for each hit which words of its text each term matched;
// and `match --why-not URL`, which explains one stored item. A watch runs
// through the service's own Matcher (Matcher::build on the loaded config:
// its compiled query, its sites, the config's aliases), so the dry run never
// disagrees with the service; the words come from alerts/match_explain.h,
// which shares the Matcher's tokenizer. Read-only, like the other inspection
// commands (commands_inspect.cpp): the database is never created or written.

#include <algorithm>
#include <ctime>
#include <iostream>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "alerts/match_explain.h"
#include "alerts/matcher.h"
#include "alerts/query.h"
#include "alerts/snippet.h"
#include "app/app_config.h"
#include "app/cli.h"
#include "app/command_output.h"
#include "app/commands.h"
#include "app/item_search.h"
#include "config/clock.h"
#include "config/config.h"
#include "extractors/url.h"
#include "store/store.h"

namespace newswatch {
namespace {

void usage_error(const std::string& message) {
  std::cerr << "newswatch match: " << message << "\n";
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

/// What the command works with: the query (the watch's compiled one, or parsed from the command line).
struct Subject {
  std::optional<Matcher> matcher;  ///< with --watch: the service's Matcher, which owns the query
  std::optional<Query> own;        ///< without: the query given
  const WatchConfig* watch = nullptr;
  std::string text;  ///< the query as written

  const Query& query() const { return own ? *own : *matcher->watch_query(watch->name); }
};

/// "nknews, nkjournal", or "every site (*)".
std::string describe_sites(const WatchConfig& watch) {
  bool every = std::find(watch.sites.begin(), watch.sites.end(), "*") != watch.sites.end();
  return every ? "every site (*)" : joined(watch.sites);
}

const WatchConfig* find_watch(const Config& config, const std::string& name) {
  for (const WatchConfig& watch : config.watches)
    if (watch.name == name) return &watch;
  return nullptr;
}

/// The query or watch of `options`; nullopt after printing the usage error.
std::optional<Subject> make_subject(const Config& config, const MatchOptions& options) {
  Subject subject;
  if (options.watch) {
    subject.watch = find_watch(config, *options.watch);
    if (!subject.watch) {
      std::vector<std::string> names;
      for (const WatchConfig& watch : config.watches) names.push_back(watch.name);
      usage_error("no watch '" + *options.watch + "' in the config (configured: " + joined(names) + ")");
      return std::nullopt;
    }
    auto matcher = Matcher::build(config);  // the config was validated, so every watch compiles
    if (!report(matcher)) return std::nullopt;
    subject.matcher = std::move(*matcher);
    subject.text = subject.watch->query;
  } else {
    auto query = Query::parse(*options.query, config.aliases);
    if (!query) {
      usage_error("bad query: " + query.error().message);
      return std::nullopt;
    }
    subject.own = std::move(*query);
    subject.text = *options.query;
  }
  for (const auto& warning : subject.query().warnings())  // parses, but may not mean what it says
    std::cerr << "newswatch match: warning: " << warning.to_string() << "\n";
  return subject;
}

/// "watch NAME: QUERY", its sites and the aliases its query uses (the header of a --watch run).
void print_watch_header(const Config& config, const Subject& subject) {
  const WatchConfig& watch = *subject.watch;
  std::cout << fmt::format("watch {}: {}\n", watch.name, watch.query);
  std::cout << "  sites: " << describe_sites(watch) << "\n";
  std::set<std::string> shown;
  for (const QueryTerm& term : subject.query().terms()) {
    auto alias = config.aliases.find(term.alias);
    if (alias == config.aliases.end() || !shown.insert(term.alias).second) continue;
    std::cout << fmt::format("  alias {}: {}\n", term.shown, joined(alias->second));
  }
}

/// The terms' words of one hit, as a JSON array.
nlohmann::ordered_json words_json(const std::vector<TermWords>& terms) {
  auto out = nlohmann::ordered_json::array();
  for (const TermWords& term : terms) {
    auto found = nlohmann::ordered_json::array();
    for (const FoundWords& w : term.words)
      found.push_back({{"field", std::string(to_string(w.field))}, {"text", w.text}, {"alias", w.alias}});
    out.push_back({{"term", term.term}, {"found", found}});
  }
  return out;
}

/// With --explain: every part of the query (the why-not lines) and the snippet an alert would carry.
struct HitDetail {
  std::vector<std::string> lines;
  Snippet snippet;
};

void print_hit(const StoredItem& stored, const std::vector<std::string>& matched, const std::vector<TermWords>& words,
               const std::optional<HitDetail>& detail, bool json) {
  if (json) {
    auto j = to_json(stored.item);
    j["first_seen"] = format_time(stored.first_seen);
    j["matched"] = matched;
    j["words"] = words_json(words);
    if (detail) {
      auto marks = nlohmann::ordered_json::array();
      for (const Snippet::Mark& mark : detail->snippet.marks) marks.push_back({mark.begin, mark.end});
      j["explain"] = detail->lines;
      j["snippet"] = {{"text", detail->snippet.text}, {"marks", marks}, {"from_body", detail->snippet.from_body}};
    }
    std::cout << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return;
  }
  std::cout << fmt::format("{}  {:<12} {}\n    {}\n    matched: {}\n", format_time(stored.first_seen), stored.item.site,
                           stored.item.title, stored.item.url, joined(matched));
  if (!detail) {
    for (const TermWords& term : words)
      std::cout << "      " << term.term << " ← " << describe_words(term.words) << "\n";
    return;
  }
  for (const std::string& line : detail->lines) std::cout << "      " << line << "\n";
  if (!detail->snippet.text.empty())
    std::cout << fmt::format("    snippet ({}): {}\n", detail->snippet.from_body ? "body" : "title/summary",
                             marked_text(detail->snippet));
}

int list_hits(const Config& config, Store& store, const Subject& subject, const MatchOptions& options) {
  ItemQuery scope;
  scope.limit = 1000;  // page size
  if (options.sites.size() == 1) scope.site = options.sites.front();
  if (options.since) scope.since = unix_now() - parse_duration(*options.since)->count();
  if (subject.watch && !options.json) print_watch_header(config, subject);
  int matched = 0;
  auto searched = for_each_match(store, scope, subject.query(), [&](const StoredItem& stored, const auto& terms) {
    const auto& sites = options.sites;
    if (!sites.empty() && std::find(sites.begin(), sites.end(), stored.item.site) == sites.end()) return true;
    std::vector<std::string> labels = terms;
    if (subject.watch) {  // the service's decision: the watch's sites, then its query
      auto hit = subject.matcher->match_watch(subject.watch->name, stored.item);
      if (!hit) return true;
      labels = hit->matched;
    }
    if (options.limit <= 0 || matched < options.limit) {
      auto explanation = explain_match(subject.query(), stored.item);
      std::optional<HitDetail> detail;
      if (options.explain)
        detail =
            HitDetail{why_not_lines(subject.query(), explanation), make_snippet(subject.query(), stored.item, labels)};
      print_hit(stored, labels, matched_words(subject.query(), explanation), detail, options.json);
    }
    ++matched;
    return true;
  });
  if (!report(searched)) return k_exit_failure;
  auto total = store.item_count();
  if (!report(total)) return k_exit_failure;
  if (options.json) return k_exit_ok;
  std::cout << fmt::format("{} of {} stored items match", matched, *total);
  if (options.limit > 0 && matched > options.limit) std::cout << fmt::format(" (the newest {} shown)", options.limit);
  std::cout << "\n";
  return k_exit_ok;
}

/// The stored item `url` names: its key is the canonical form of its link (and of itself).
Result<std::optional<StoredItem>> find_item(Store& store, const std::string& url) {
  std::optional<std::string> key = canonical_url(url);
  if (!key) return std::nullopt;
  ItemQuery query;
  query.key = *key;
  query.limit = 1;
  auto found = store.items(query);
  if (!found) return tl::unexpected(found.error());
  if (found->empty()) return std::nullopt;
  return std::move(found->front());
}

int why_not(Store& store, const Subject& subject, const std::string& url) {
  auto found = find_item(store, url);
  if (!report(found)) return k_exit_failure;
  if (!*found) {
    std::cerr << "newswatch match: no stored item with link " << url << "\n";
    return k_exit_failure;
  }
  const StoredItem& stored = **found;
  const Item& item = stored.item;
  std::cout << fmt::format("item: {}\n    {}\n    site {}, first seen {}\n", item.title, item.url, item.site,
                           format_time(stored.first_seen));
  bool site_ok = true;
  if (subject.watch) {
    site_ok = subject.matcher->watch_covers(subject.watch->name, item.site);
    std::cout << fmt::format("watch {}: {}\n{} site {} {} the watch's sites ({})\n", subject.watch->name,
                             subject.watch->query, site_ok ? "✓" : "✗", item.site,
                             site_ok ? "is one of" : "is not one of", describe_sites(*subject.watch));
  } else {
    std::cout << "query: " << subject.text << "\n";
  }
  auto explanation = explain_match(subject.query(), item);
  for (const std::string& line : why_not_lines(subject.query(), explanation)) std::cout << line << "\n";
  // The verdict is the service's: the Matcher's for a watch, Query::match's for a query.
  std::optional<std::vector<std::string>> matched;
  if (subject.watch) {
    if (auto hit = subject.matcher->match_watch(subject.watch->name, item)) matched = hit->matched;
  } else if (explanation.matches) {
    matched = explanation.matched;
  }
  if (matched) {
    std::cout << "would match (matched: " << joined(*matched) << ")\n";
    return k_exit_ok;
  }
  if (!site_ok && explanation.matches)
    std::cout << fmt::format("would not match: watch {} does not look at site {}\n", subject.watch->name, item.site);
  else
    std::cout << "would not match\n";
  return k_exit_failure;
}

/// The usage errors of `options` that need the config; false after printing one.
bool check_options(const Config& config, const MatchOptions& options) {
  if (options.query.has_value() == options.watch.has_value()) {
    usage_error("give a QUERY or --watch NAME, not both or neither");
    return false;
  }
  for (const std::string& site : options.sites) {
    if (config.find_site(site)) continue;
    std::vector<std::string> names;
    for (const SiteConfig& s : config.sites) names.push_back(s.name);
    usage_error("no site '" + site + "' in the config (configured: " + joined(names) + ")");
    return false;
  }
  if (options.since && !parse_duration(*options.since)) {
    usage_error("bad duration '" + *options.since + "' (use e.g. \"90s\", \"10m\", \"1d\")");
    return false;
  }
  return true;
}

}  // namespace

int cmd_match(const std::filesystem::path& path, const MatchOptions& options) {
  auto config = load_app_config(path);
  if (!check_options(*config, options)) return k_exit_usage;
  auto subject = make_subject(*config, options);
  if (!subject) return k_exit_usage;
  auto store =
      open_store(config->service.database, StoreAccess::read_only, StoreSecrets{config->service.password_file});
  if (!report(store)) return k_exit_failure;
  if (options.why_not) return why_not(**store, *subject, *options.why_not);
  return list_hits(*config, **store, *subject, options);
}

}  // namespace newswatch
