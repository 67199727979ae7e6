#include "crawler/discovery.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "crawler/body_limit.h"
#include "crawler/charset.h"
#include "crawler/discovery_candidates.h"
#include "crawler/discovery_checks.h"
#include "crawler/discovery_fetch.h"
#include "crawler/robots.h"
#include "extractors/url.h"

namespace newswatch {
namespace {

/// robots.txt of one origin as discover read it: the rules, the answer's status and its Sitemap: lines.
struct OriginRobots {
  RobotsRules rules = RobotsRules::allow_all();
  int status = 0;
  std::string unreachable;  ///< why robots.txt had no HTTP answer ("" when it had one)
  std::vector<std::string> sitemaps;
};

/// One run: the fetcher, the robots.txt read so far, the findings, and which bodies were seen.
class Run {
 public:
  Run(const DiscoverRequest& request, std::string page_url)
      : m_request(request),
        m_page_url(std::move(page_url)),
        m_fetcher(request.service, m_page_url, request.gap, request.max_requests) {}

  /// The page itself: fetched (or saved), decoded, judged by auto; the document it is, for what it names.
  Result<std::string> read_page();
  /// Judges `candidate` (fetched once, under robots.txt) and records the finding; true when it is a usable source.
  bool check(Candidate candidate);
  /// Records `candidate` as not fetched, with why.
  void skip(Candidate candidate, std::string why);
  /// robots.txt of `url`'s origin, fetched on first use.
  const OriginRobots& robots(const std::string& url);

  const std::string& page_url() const noexcept { return m_page_url; }
  std::vector<Finding>& findings() noexcept { return m_findings; }
  int requests() const noexcept { return m_fetcher.requests(); }

 private:
  /// The 2xx answer, or nullopt with why the candidate could not be had recorded in `finding`.
  std::optional<HttpResponse> fetch(Finding& finding);
  void judge(Finding& finding, const std::string& body, const std::string& content_type);
  /// A sitemap index's recent entries are its children's: reads the newest child into `index` (take_child()).
  void read_newest_child(Finding& index);

  const DiscoverRequest& m_request;
  std::string m_page_url;
  DiscoveryFetcher m_fetcher;
  std::map<std::string, OriginRobots> m_robots;
  std::map<std::size_t, std::string> m_bodies;  ///< hash of a usable source's bytes -> its URL: one document once
  std::vector<Finding> m_findings;
};

const OriginRobots& Run::robots(const std::string& url) {
  const std::string origin = robots_origin(url);
  if (auto found = m_robots.find(origin); found != m_robots.end()) return found->second;
  OriginRobots& entry = m_robots[origin];
  auto answer = m_fetcher.get(origin + "/robots.txt", k_robots_fetch_limit, true);
  entry.status = answer ? answer->status : 0;
  if (!answer) entry.unreachable = "robots.txt unreachable: " + answer.error().message;
  if (answer && answer->status >= 200 && answer->status < 300) {
    entry.rules = parse_robots(answer->body, m_request.service.user_agent);
    entry.sitemaps = robots_sitemaps(answer->body, origin + "/robots.txt");
    if (auto delay = entry.rules.crawl_delay()) m_fetcher.set_host_delay(url_host(url), *delay);
  } else if (!answer || answer->status == 429 || answer->status >= 500) {
    entry.rules = RobotsRules::disallow_all();  // RFC 9309 2.3.1.3: an unreachable robots.txt allows nothing
  }
  if (!m_request.service.respect_robots) entry.rules = RobotsRules::allow_all();
  return entry;
}

std::optional<HttpResponse> Run::fetch(Finding& finding) {
  const std::string& url = finding.candidate.url;
  const OriginRobots& rules = robots(url);
  if (!rules.rules.allowed(robots_path(url))) {
    finding.checked = true;
    finding.failure = !rules.unreachable.empty()
                          ? rules.unreachable
                          : robots_disallow_reason(robots_origin(url), robots_path(url), rules.status);
    return std::nullopt;
  }
  const bool sitemap = finding.candidate.kind == SourceKind::sitemap;
  auto answer = m_fetcher.get(url, body_limit(m_request.service, sitemap ? "sitemap" : ""));
  if (!answer) {
    finding.checked = answer.error().kind != ErrorKind::usage;
    finding.failure = answer.error().message;
    return std::nullopt;
  }
  finding.checked = true;
  if (answer->status < 200 || answer->status >= 300) {
    finding.failure = fmt::format("HTTP {}", answer->status);
    return std::nullopt;
  }
  return std::move(*answer);
}

void Run::judge(Finding& finding, const std::string& body, const std::string& content_type) {
  const std::size_t hash = std::hash<std::string_view>{}(body);
  if (auto same = m_bodies.find(hash); same != m_bodies.end()) {
    finding.checked = true;
    finding.failure = "the same document as " + same->second;
    return;
  }
  finding.failure.clear();
  if (finding.candidate.kind == SourceKind::feed) judge_feed(finding, body, content_type, m_request.now);
  if (finding.candidate.kind == SourceKind::sitemap) judge_sitemap(finding, body, m_request.now);
  if (finding.ok) m_bodies.emplace(hash, finding.candidate.url);
  if (finding.ok && finding.sitemap_index && !finding.children.empty()) read_newest_child(finding);
}

void Run::read_newest_child(Finding& index) {
  Finding child;
  child.candidate = Candidate{SourceKind::sitemap, index.children.front(), "the index's newest child", "", false};
  if (auto answer = fetch(child)) judge_sitemap(child, answer->body, m_request.now);
  take_child(index, child);
}

bool Run::check(Candidate candidate) {
  Finding finding;
  finding.candidate = std::move(candidate);
  if (auto answer = fetch(finding)) {
    judge(finding, answer->body, answer->content_type);
  }
  spdlog::debug("discover candidate kind={} url={} ok={} {}", to_string(finding.candidate.kind), finding.candidate.url,
                finding.ok, finding.failure);
  m_findings.push_back(std::move(finding));
  return m_findings.back().ok;
}

void Run::skip(Candidate candidate, std::string why) {
  Finding finding;
  finding.candidate = std::move(candidate);
  finding.failure = std::move(why);
  m_findings.push_back(std::move(finding));
}

Result<std::string> Run::read_page() {
  Finding page;
  page.candidate = Candidate{SourceKind::page, m_page_url, "the page itself", "", false};
  std::string html;
  if (m_request.saved_page) {
    html = *m_request.saved_page;
  } else {
    auto answer = fetch(page);
    if (!answer) return fail(ErrorKind::network, fmt::format("cannot read {}: {}", m_page_url, page.failure));
    // A URL that is itself a feed or a sitemap is that source.
    if (auto kind = document_kind(answer->body)) {
      page.candidate.kind = *kind;
      page.candidate.found_by = "the URL given";
      judge(page, answer->body, answer->content_type);
      m_findings.push_back(std::move(page));
      return std::string();
    }
    html = to_utf8(answer->body, answer->content_type, m_page_url);
    // Links resolve against where the page was read (http://site -> https://www.site/), and that is the site's URL.
    if (!answer->effective_url.empty()) m_page_url = page.candidate.url = answer->effective_url;
  }
  judge_page(page, html, m_request.now);
  m_findings.push_back(std::move(page));
  return html;
}

/// The feeds the page names, else the first common path that answers with a feed.
void find_feeds(Run& run, const std::string& html, bool network) {
  std::vector<Candidate> named = alternate_feeds(html, run.page_url());
  std::stable_partition(named.begin(), named.end(), [](const Candidate& c) { return !is_comments_feed(c); });
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (!network)
      run.skip(std::move(named[i]), "no network: --file without a URL");
    else if (i >= k_discover_named_feeds)
      run.skip(std::move(named[i]), fmt::format("the page names more than {} feeds", k_discover_named_feeds));
    else
      run.check(std::move(named[i]));
  }
  if (!named.empty() || !network) return;
  for (std::size_t i = 0; i < common_feed_paths().size() && i < k_discover_feed_probes; ++i) {
    const std::string url = on_origin(run.page_url(), common_feed_paths()[i]);
    if (run.check(Candidate{SourceKind::feed, url, "common path", "", false})) break;
  }
}

/// News sitemaps named by robots.txt (those named like news first), else the common news sitemap names.
void find_sitemaps(Run& run) {
  std::vector<std::string> named = run.robots(run.page_url()).sitemaps;
  std::stable_partition(named.begin(), named.end(),
                        [](const std::string& url) { return looks_like_news_sitemap(url); });
  std::size_t checks = 0;
  bool found_news = false;
  for (const std::string& url : named) {
    if (checks++ == k_discover_sitemap_checks) break;
    if (run.check(Candidate{SourceKind::sitemap, url, "robots.txt Sitemap:", "", false}))
      found_news = found_news || run.findings().back().recent > 0;
  }
  for (const std::string& path : common_sitemap_paths()) {
    if (found_news || checks++ >= k_discover_sitemap_checks) break;
    const std::string url = on_origin(run.page_url(), path);
    if (std::find(named.begin(), named.end(), url) != named.end()) continue;
    found_news = run.check(Candidate{SourceKind::sitemap, url, "common name", "", false});
  }
}

}  // namespace

Result<DiscoveryReport> discover(const DiscoverRequest& request) {
  std::string page_url = request.url;
  if (page_url.empty() && request.saved_page) page_url = stated_page_url(*request.saved_page).value_or("");
  if (page_url.empty())
    return fail(ErrorKind::usage, "the page states no URL of its own (<link rel=canonical>): give its URL too");
  if (!item_url(page_url)) return fail(ErrorKind::usage, "not an http(s) URL: " + page_url);
  const bool network = !request.url.empty();
  auto run = std::make_unique<Run>(request, page_url);
  auto html = run->read_page();
  if (!html) return tl::unexpected(html.error());
  if (!html->empty()) find_feeds(*run, *html, network);
  if (network) find_sitemaps(*run);
  DiscoveryReport report{run->page_url(), std::move(run->findings()), run->requests()};
  rank(report.findings);
  spdlog::info("discover url={} sources={} requests={}", report.page_url, report.findings.size(), report.requests);
  return report;
}

}  // namespace newswatch
