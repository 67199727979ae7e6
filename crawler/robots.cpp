#include "crawler/robots.h"
#include "config/ascii.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace newswatch {

namespace {

constexpr double k_max_crawl_delay_seconds = 24 * 3600;

using ascii::lower;

using ascii::trim;

// "newswatch/0.1 (+https://...)" -> "newswatch": the product token is what robots.txt names.
std::string product_of(std::string_view agent) {
  agent = trim(agent);
  const std::size_t end = agent.find_first_of("/ \t");
  return lower(agent.substr(0, end));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

void append_escape(std::string& out, unsigned char c) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  out += '%';
  out += k_hex[c >> 4];
  out += k_hex[c & 15];
}

struct Group {
  std::vector<std::string> agents;  ///< product tokens, lower case
  std::vector<RobotsRules::Rule> rules;
  std::optional<Millis> crawl_delay;
};

std::optional<Millis> parse_crawl_delay(std::string_view value) {
  const std::string text(value);
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !(seconds >= 0)) return std::nullopt;
  return Millis(static_cast<Millis::rep>(std::min(seconds, k_max_crawl_delay_seconds) * 1000));
}

// Splits the file into groups; rules before the first user-agent line belong to no group and are dropped.
std::vector<Group> parse_groups(std::string_view text) {
  std::vector<Group> groups;
  bool last_was_agent = false;
  while (!text.empty()) {
    const std::size_t eol = text.find_first_of("\r\n");
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    line = line.substr(0, line.find('#'));
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string key = lower(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!last_was_agent || groups.empty()) groups.emplace_back();
      groups.back().agents.push_back(value == "*" ? "*" : product_of(value));
      last_was_agent = true;
      continue;
    }
    if (key != "allow" && key != "disallow" && key != "crawl-delay") continue;  // sitemap etc.: not group members
    last_was_agent = false;
    if (groups.empty()) continue;
    if (key == "crawl-delay") {
      if (!groups.back().crawl_delay) groups.back().crawl_delay = parse_crawl_delay(value);
    } else if (!value.empty()) {  // an empty Disallow (or Allow) says nothing
      groups.back().rules.push_back({normalise_robots_path(value), key == "allow"});
    }
  }
  return groups;
}

}  // namespace

std::string robots_disallow_reason(std::string_view origin, std::string_view path, int status) {
  const std::string reason = fmt::format("disallowed by {}/robots.txt for path {}", origin, path);
  if (status >= 500 || status == 429) {
    return fmt::format("{}: it answered HTTP {}, so nothing may be fetched until it recovers (RFC 9309)", reason,
                       status);
  }
  return reason;
}

std::string normalise_robots_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (std::size_t i = 0; i < path.size(); ++i) {
    const auto c = static_cast<unsigned char>(path[i]);
    const bool escape = c == '%' && i + 2 < path.size() && hex_value(path[i + 1]) >= 0 && hex_value(path[i + 2]) >= 0;
    if (escape) {
      const auto decoded = static_cast<unsigned char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2]));
      // %7E and ~ are the same path; %2F and / are not, so only unreserved characters are decoded.
      if (unreserved(decoded)) {
        out += static_cast<char>(decoded);
      } else {
        append_escape(out, decoded);
      }
      i += 2;
    } else if (c == '%') {
      out += "%25";  // a stray '%' is the literal percent sign
    } else if (c <= 0x20 || c >= 0x7f) {
      append_escape(out, c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

bool robots_pattern_matches(std::string_view pattern, std::string_view path) {
  const bool anchored = !pattern.empty() && pattern.back() == '$';
  if (anchored) pattern.remove_suffix(1);
  // Greedy glob with one backtrack point: linear in practice, no recursion on hostile patterns.
  std::size_t p = 0, i = 0, star = std::string_view::npos, mark = 0;
  while (i < path.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = i;
    } else if (p < pattern.size() && pattern[p] == path[i]) {
      ++p;
      ++i;
    } else if (p == pattern.size() && !anchored) {
      return true;  // patterns match a prefix of the path
    } else if (star != std::string_view::npos) {
      p = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

RobotsRules RobotsRules::allow_all() {
  return RobotsRules{};
}

RobotsRules RobotsRules::disallow_all() {
  RobotsRules rules;
  rules.m_rules.push_back({"/", false});
  return rules;
}

bool RobotsRules::allowed(std::string_view path_and_query) const {
  std::string path = normalise_robots_path(path_and_query.empty() ? std::string_view("/") : path_and_query);
  if (path == "/robots.txt") return true;
  const Rule* best = nullptr;
  for (const Rule& rule : m_rules) {
    if (!robots_pattern_matches(rule.pattern, path)) continue;
    // Longest pattern wins; on equal length Allow wins (RFC 9309 2.2.2).
    if (!best || rule.pattern.size() > best->pattern.size() ||
        (rule.pattern.size() == best->pattern.size() && rule.allow && !best->allow)) {
      best = &rule;
    }
  }
  return !best || best->allow;
}

RobotsRules parse_robots(std::string_view text, std::string_view product_token) {
  if (text.size() > k_robots_parse_limit) {
    // Cut at the last line end within the limit: "Disallow: /str" of a split "Disallow: /straddle" is not a rule.
    text = text.substr(0, text.substr(0, k_robots_parse_limit).find_last_of("\r\n") + 1);  // npos + 1 == 0
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const std::string ours = product_of(product_token);
  const std::vector<Group> groups = parse_groups(text);
  const auto names = [](const Group& g, const std::string& agent) {
    return std::find(g.agents.begin(), g.agents.end(), agent) != g.agents.end();
  };
  const bool have_own = std::any_of(groups.begin(), groups.end(), [&](const Group& g) { return names(g, ours); });
  const std::string wanted = have_own ? ours : "*";
  RobotsRules rules;
  for (const Group& g : groups) {
    if (!names(g, wanted)) continue;
    // Several groups naming us are merged into one (RFC 9309 2.2.1).
    rules.m_rules.insert(rules.m_rules.end(), g.rules.begin(), g.rules.end());
    if (!rules.m_crawl_delay) rules.m_crawl_delay = g.crawl_delay;
  }
  return rules;
}

std::string robots_origin(std::string_view url) {
  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return "";
  const std::string scheme = lower(url.substr(0, sep));
  std::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  if (authority.empty()) return "";
  std::string host = lower(authority);
  // The default port names the same origin: one cache entry, not two.
  const std::string default_port = scheme == "https" ? ":443" : scheme == "http" ? ":80" : "";
  if (!default_port.empty() && host.size() > default_port.size() && host.ends_with(default_port)) {
    host.resize(host.size() - default_port.size());
  }
  return scheme + "://" + host;
}

std::string robots_path(std::string_view url) {
  const std::size_t sep = url.find("://");
  std::string_view rest = sep == std::string_view::npos ? url : url.substr(sep + 3);
  if (sep != std::string_view::npos) {
    const std::size_t start = rest.find_first_of("/?#");
    rest = start == std::string_view::npos ? std::string_view() : rest.substr(start);
  }
  rest = rest.substr(0, rest.find('#'));
  if (rest.empty() || rest.front() != '/') return "/" + std::string(rest);
  return std::string(rest);
}

const RobotsRules& RobotsCache::store_response(const std::string& origin, int status, std::string_view body,
                                               std::string_view product_token, SteadyTime now) {
  if (status >= 200 && status < 300) {
    store(origin, parse_robots(body, product_token), now, k_ttl, true, status);
  } else if (status >= 400 && status < 500 && status != 429) {
    store(origin, RobotsRules::allow_all(), now, k_ttl, false, status);  // no robots.txt: no restrictions
  } else {
    auto it = m_entries.find(origin);
    const bool stale_ok =
        it != m_entries.end() && it->second.success_at && now - *it->second.success_at < k_stale_limit;
    if (stale_ok) {
      it->second.expires = now + k_error_ttl;  // keep the good copy, ask again later
    } else {
      store(origin, RobotsRules::disallow_all(), now, k_error_ttl, false, status);
    }
  }
  return m_entries.at(origin).rules;
}

void RobotsCache::store(const std::string& origin, RobotsRules rules, SteadyTime now, Millis ttl, bool from_success,
                        int status) {
  Entry& entry = m_entries[origin];
  entry.rules = std::move(rules);
  entry.expires = now + ttl;
  entry.success_at = from_success ? std::optional<SteadyTime>(now) : std::nullopt;
  entry.status = status;
  entry.last_used = now;
}

int RobotsCache::status(const std::string& origin) const {
  auto it = m_entries.find(origin);
  return it == m_entries.end() ? 0 : it->second.status;
}

const RobotsRules* RobotsCache::find(const std::string& origin, SteadyTime now) {
  auto it = m_entries.find(origin);
  if (it == m_entries.end() || now >= it->second.expires) return nullptr;
  it->second.last_used = now;
  return &it->second.rules;
}

std::size_t RobotsCache::prune(SteadyTime now) {
  return std::erase_if(m_entries, [&](const auto& kv) {
    const Entry& e = kv.second;
    return now >= e.expires && (!e.success_at || now - *e.success_at >= k_stale_limit);
  });
}

std::size_t RobotsCache::trim(SteadyTime now) {
  if (m_entries.size() <= std::min(m_trim_at, m_max)) return 0;
  std::size_t dropped = prune(now);
  if (m_entries.size() > m_max) dropped += evict_least_recently_used(std::max<std::size_t>(m_max * 3 / 4, 1));
  m_trim_at = std::max(2 * m_entries.size(), k_first_trim);  // capped by m_max above: amortised O(1)
  return dropped;
}

std::size_t RobotsCache::evict_least_recently_used(std::size_t keep) {
  std::vector<std::pair<SteadyTime, std::map<std::string, Entry>::iterator>> by_use;
  by_use.reserve(m_entries.size());
  for (auto it = m_entries.begin(); it != m_entries.end(); ++it) by_use.emplace_back(it->second.last_used, it);
  const std::size_t drop = by_use.size() - keep;
  std::nth_element(by_use.begin(), by_use.begin() + static_cast<std::ptrdiff_t>(drop), by_use.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < drop; ++i) m_entries.erase(by_use[i].second);
  return drop;
}

}  // namespace newswatch
