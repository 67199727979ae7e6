#include "crawler/follow_up.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "crawler/body_limit.h"
#include "crawler/charset.h"
#include "crawler/follow_up_run.h"
#include "crawler/page_processor.h"
#include "extractors/article_title.h"
#include "extractors/sitemap.h"

namespace newswatch {
namespace {

/// The head of an article holds its title: more of the page is not read.
constexpr std::size_t k_title_page_bytes = 1u << 20;

/// What one child sitemap gave.
struct ChildRead {
  std::vector<Item> items;
  std::vector<std::string> untitled;
  std::string error;  ///< why it gave nothing ("" when read)
  bool nested_index = false;
};

ChildRead read_child(const FollowUpJob& job, const std::string& url, const Result<HttpResponse>& response) {
  ChildRead out;
  if (!response) return out.error = response.error().message, out;
  if (response->status < 200 || response->status >= 300)
    return out.error = fmt::format("HTTP {} from {}", response->status, url), out;
  ExtractOptions options;
  options.dates.now = job.outcome.at;  // one window for the index and all its children
  if (!job.site.utc_offset.empty()) options.dates.utc_offset = job.site.utc_offset;
  options.dates.format = job.site.date_format;
  options.sitemap = job.site.sitemap;
  ExtractReport report;
  const std::string& where = response->effective_url.empty() ? url : response->effective_url;
  try {
    auto items = job.extractor->extract_with(response->body, where, options, &report);
    if (!items) return out.error = items.error().message, out;
    out.items = std::move(*items);
  } catch (const std::exception& e) {  // one document must never take the service down
    return out.error = fmt::format("extractor failed on {}: {}", where, e.what()), out;
  }
  for (Item& item : out.items) item.site = job.site.name;
  out.untitled = std::move(report.untitled);
  out.nested_index = !report.follow_ups.empty();
  return out;
}

/// The article's title, or why there is none.
Result<std::string> read_title(const std::string& url, const Result<HttpResponse>& response) {
  if (!response) return tl::unexpected(response.error());
  if (response->status < 200 || response->status >= 300)
    return fail(ErrorKind::http_status, fmt::format("HTTP {} from {}", response->status, url), response->status);
  auto title = article_title(to_utf8(response->body, response->content_type, url));
  if (!title) return fail(ErrorKind::parse, fmt::format("no og:title, h1 or title in {}", url));
  return *title;
}

/// Newest first by published (undated last, page order among equals), each key once, at most `max_items`.
std::vector<Item> merged(std::vector<Item> items, const SiteConfig& site) {
  std::unordered_set<std::string> seen;
  std::erase_if(items, [&seen](const Item& item) { return !seen.insert(identity(item)).second; });
  auto when = [](const Item& item) { return item.published ? iso_unix_seconds(*item.published) : std::nullopt; };
  std::stable_sort(items.begin(), items.end(), [&when](const Item& a, const Item& b) {
    auto x = when(a), y = when(b);
    if (x.has_value() != y.has_value()) return x.has_value();
    return x && *x > *y;
  });
  if (items.size() > static_cast<std::size_t>(site.max_items)) {
    spdlog::warn("items capped site={} url={} found={} kept={} (max_items)", site.name, site.url, items.size(),
                 site.max_items);
    items.resize(static_cast<std::size_t>(site.max_items));
  }
  return items;
}

}  // namespace

bool wants_follow_ups(const FollowUpJob& job) {
  if (!job.outcome.items || !job.outcome.error.empty()) return false;
  if (job.fetch_articles && !job.outcome.items->empty()) return true;
  return !job.report.follow_ups.empty() || (job.site.sitemap.fetch_titles && !job.report.untitled.empty());
}

FollowUps::FollowUps(boost::asio::io_context& io, HttpClient& http, StoreWorker& store, Politeness& politeness,
                     RobotsGate& robots, boost::asio::thread_pool& parse_pool)
    : m_io(io), m_store(store), m_parse_pool(parse_pool), m_get(http, politeness, robots) {}

HttpRequest FollowUps::request_for(const Run& run, std::string url) const {
  HttpRequest request;
  request.url = std::move(url);
  request.user_agent = run.job.service.user_agent;
  request.connect_timeout = run.job.service.connect_timeout;
  request.total_timeout = run.job.service.request_timeout;
  request.max_body_bytes = body_limit(run.job.service, run.job.site.extractor);
  request.address_policy = AddressPolicy{run.job.service.private_networks, run.job.site.url};
  return request;
}

void FollowUps::run(FollowUpJob job, std::function<void(CrawlOutcome)> done) {
  auto run = std::make_shared<Run>(std::move(job), std::move(done));
  run->items = std::move(*run->job.outcome.items);
  run->untitled = std::move(run->job.report.untitled);
  if (!run->job.report.follow_ups.empty()) {
    // An index is read again next crawl, whatever it answers: its children are where the news is.
    run->job.outcome.etag.clear();
    run->job.outcome.last_modified.clear();
    run->job.outcome.body_hash.clear();
  }
  next_child(run);
}

void FollowUps::next_child(std::shared_ptr<Run> run) {
  const std::vector<std::string>& children = run->job.report.follow_ups;
  if (run->next >= children.size()) {
    run->next = 0;
    return look_up_titles(run);
  }
  const std::string url = children[run->next++];
  spdlog::debug("fetch sitemap child site={} url={}", run->job.site.name, url);
  const ServiceConfig& service = run->job.service;
  RobotsFetch robots{AddressPolicy{service.private_networks, run->job.site.url}, service.connect_timeout,
                     service.request_timeout};
  m_get.get(request_for(*run, url), robots, m_alive.guard([this, run, url](Result<HttpResponse> response) {
    auto answer = std::make_shared<Result<HttpResponse>>(std::move(response));
    off_loop([run, url, answer] { return read_child(run->job, url, *answer); },
             [this, run, url](ChildRead read) {
               if (!read.error.empty()) {
                 ++run->children_failed;
                 spdlog::warn("sitemap child failed site={} url={}: {}", run->job.site.name, url, read.error);
               } else {
                 ++run->children_read;
                 if (read.nested_index)
                   spdlog::warn("sitemap child is itself an index, not followed site={} url={}", run->job.site.name,
                                url);
                 std::move(read.items.begin(), read.items.end(), std::back_inserter(run->items));
                 std::move(read.untitled.begin(), read.untitled.end(), std::back_inserter(run->untitled));
               }
               next_child(run);
             });
  }));
}

void FollowUps::look_up_titles(std::shared_ptr<Run> run) {
  if (!run->job.site.sitemap.fetch_titles || run->untitled.empty()) return settle(run);
  // Stored titles, by key: one index lookup per untitled entry (at most max_items of them).
  m_store.post(
      [keys = run->untitled](Store& store) -> Result<std::map<std::string, std::string>> {
        std::map<std::string, std::string> titles;
        for (const std::string& key : keys) {
          ItemQuery query;
          query.key = key;
          query.limit = 1;
          query.bodies = false;
          auto found = store.items(query);
          if (!found) return tl::unexpected(found.error());
          if (!found->empty()) titles[key] = found->front().item.title;
        }
        return titles;
      },
      m_alive.guard([this, run](Result<std::map<std::string, std::string>> stored) {
        if (!stored) {  // without the store's answer, fetching would turn stored headlines into stand-ins
          spdlog::error("title lookup failed site={} url={}: {}", run->job.site.name, run->job.site.url,
                        stored.error().message);
          return settle(run);
        }
        std::unordered_map<std::string, Item*> by_key;
        for (Item& item : run->items) by_key.emplace(identity(item), &item);
        std::vector<std::string> fresh, stand_ins;
        for (const std::string& key : run->untitled) {
          auto item = by_key.find(key);
          if (item == by_key.end() || item->second->title != item->second->url) continue;
          auto known = stored->find(key);
          if (known == stored->end())
            fresh.push_back(item->second->url);
          else if (known->second != item->second->url)
            item->second->title = known->second;  // fetched by an earlier crawl
          else
            stand_ins.push_back(item->second->url);
        }
        fresh.insert(fresh.end(), stand_ins.begin(), stand_ins.end());
        const auto cap = static_cast<std::size_t>(run->job.site.sitemap.max_title_fetches);
        if (fresh.size() > cap) fresh.resize(cap);
        run->title_urls = std::move(fresh);
        next_title(run);
      }));
}

void FollowUps::next_title(std::shared_ptr<Run> run) {
  if (run->next >= run->title_urls.size()) return settle(run);
  const std::string url = run->title_urls[run->next++];
  spdlog::debug("fetch title site={} url={}", run->job.site.name, url);
  HttpRequest request = request_for(*run, url);
  request.max_body_bytes = std::min(request.max_body_bytes, k_title_page_bytes);
  request.truncate_body = true;
  const ServiceConfig& service = run->job.service;
  RobotsFetch robots{AddressPolicy{service.private_networks, run->job.site.url}, service.connect_timeout,
                     service.request_timeout};
  m_get.get(std::move(request), robots, m_alive.guard([this, run, url](Result<HttpResponse> response) {
    auto answer = std::make_shared<Result<HttpResponse>>(std::move(response));
    off_loop([url, answer] { return read_title(url, *answer); },
             [this, run, url](Result<std::string> title) {
               if (!title) {
                 ++run->titles_failed;
                 spdlog::warn("title fetch failed site={} url={}: {}", run->job.site.name, url, title.error().message);
               } else {
                 ++run->titles_read;
                 for (Item& item : run->items)
                   if (item.url == url) item.title = *title;
               }
               next_title(run);
             });
  }));
}

void FollowUps::settle(std::shared_ptr<Run> run) {
  CrawlOutcome& outcome = run->job.outcome;
  if (!run->job.report.follow_ups.empty() || run->job.site.sitemap.fetch_titles) {
    outcome.items = merged(std::move(run->items), run->job.site);
    outcome.health = extraction_health(run->job.site, outcome.http_status, *outcome.items, run->job.report);
  } else {  // articles only: the page's items, in its order, as the crawl would have stored them
    outcome.items = std::move(run->items);
  }
  if (!run->job.fetch_articles) return finish(run);
  look_up_articles(run);  // follow_up_articles.cpp; calls finish()
}

void FollowUps::finish(std::shared_ptr<Run> run) {
  CrawlOutcome& outcome = run->job.outcome;
  spdlog::info(
      "follow-ups site={} url={} children={} children_failed={} titles={} titles_failed={} articles={} "
      "articles_unavailable={} items={}",
      run->job.site.name, run->job.site.url, run->children_read, run->children_failed, run->titles_read,
      run->titles_failed, run->articles_read, outcome.bodies_unavailable.size(), outcome.items->size());
  run->done(std::move(outcome));
}

}  // namespace newswatch
