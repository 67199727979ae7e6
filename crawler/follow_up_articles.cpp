// Article text for a crawl's new items (fetch_articles): the last follow-up stage, after children and titles,
// once the items are merged and capped, so only items the store will keep are fetched.
//
// Which items: those the store does not hold yet (stored_keys), newest first as merged, at most
// max_article_fetches of them. Each page is fetched like every follow-up (polite_get.h: robots.txt, the host's
// polite slot, the address policy) one at a time, read on the parse pool (charset, then article_text.h with
// the site's extractor name) and its text becomes Item::body, which the store step matches and stores.
//
// Bounded: the stage ends at article_timeout after it started, by a timer, whatever is still in flight (a late
// answer is dropped); each request's own timeout is cut to what is left. Every new item without a body at the
// end (its page failed, timed out, held no article text, or was past the cap) is listed in
// CrawlOutcome::bodies_unavailable: its alerts go out on title and summary, saying so.

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "crawler/charset.h"
#include "crawler/follow_up.h"
#include "crawler/follow_up_run.h"
#include "extractors/article_text.h"

namespace newswatch {
namespace {

/// Article pages past this are read truncated: the text is near the top, and a longer page is not refused.
constexpr std::size_t k_article_page_bytes = 4u << 20;

/// The article's main text, or why there is none.
Result<std::string> read_article(const std::string& url, const std::string& extractor,
                                 const Result<HttpResponse>& response) {
  if (!response) return tl::unexpected(response.error());
  if (response->status < 200 || response->status >= 300)
    return fail(ErrorKind::http_status, fmt::format("HTTP {} from {}", response->status, url), response->status);
  auto text = article_text(to_utf8(response->body, response->content_type), extractor);
  if (!text) return tl::unexpected(text.error());
  if (text->text.empty()) return fail(ErrorKind::parse, fmt::format("no article text in {}", url));
  return std::move(text->text);
}

/// What is left of the stage's time, as a request timeout: at least a second, at most `cap`.
std::chrono::seconds time_left(std::chrono::steady_clock::time_point deadline, std::chrono::seconds cap) {
  auto left = std::chrono::ceil<std::chrono::seconds>(deadline - std::chrono::steady_clock::now());
  return std::clamp(left, std::chrono::seconds(1), cap);
}

}  // namespace

void FollowUps::look_up_articles(std::shared_ptr<Run> run) {
  std::vector<std::string> keys;
  for (const Item& item : *run->job.outcome.items) keys.push_back(identity(item));
  m_store.post([keys = std::move(keys)](Store& store) { return store.stored_keys(keys); },
               m_alive.guard([this, run](Result<std::vector<std::string>> stored) {
                 if (!stored) {  // which items are new is unknown: none is fetched, every alert says so
                   spdlog::error("article lookup failed site={} url={}: {}", run->job.site.name, run->job.site.url,
                                 stored.error().message);
                   for (const Item& item : *run->job.outcome.items)
                     run->job.outcome.bodies_unavailable.push_back(identity(item));
                   std::sort(run->job.outcome.bodies_unavailable.begin(), run->job.outcome.bodies_unavailable.end());
                   return finish(run);
                 }
                 start_articles(run, *stored);
               }));
}

void FollowUps::start_articles(std::shared_ptr<Run> run, const std::vector<std::string>& stored_keys) {
  const std::set<std::string> stored(stored_keys.begin(), stored_keys.end());
  const std::vector<Item>& items = *run->job.outcome.items;
  std::set<std::string> seen;  // a page repeating a link lists one item (store/apply_crawl.cpp)
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string& key = identity(items[i]);
    if (stored.contains(key) || !seen.insert(key).second) continue;
    run->new_items.push_back(i);
    if (run->article_items.size() < static_cast<std::size_t>(run->job.site.max_article_fetches))
      run->article_items.push_back(i);
  }
  if (run->article_items.size() < run->new_items.size())
    spdlog::warn("articles capped site={} new={} fetched={} (max_article_fetches)", run->job.site.name,
                 run->new_items.size(), run->article_items.size());
  if (run->article_items.empty()) return end_articles(run);
  run->articles_deadline = std::chrono::steady_clock::now() + run->job.site.article_timeout;
  run->articles_timer = std::make_unique<boost::asio::steady_timer>(m_io, run->articles_deadline);
  run->articles_timer->async_wait(m_alive.guard([this, run](boost::system::error_code ec) {
    if (ec || run->articles_over) return;  // cancelled: the stage ended in time
    spdlog::warn("article timeout site={} read={} of={} after={}s", run->job.site.name, run->articles_read,
                 run->article_items.size(), run->job.site.article_timeout.count());
    end_articles(run);
  }));
  run->next = 0;
  next_article(run);
}

void FollowUps::next_article(std::shared_ptr<Run> run) {
  if (run->articles_over) return;
  if (run->next >= run->article_items.size()) return end_articles(run);
  const Item& item = (*run->job.outcome.items)[run->article_items[run->next++]];
  const std::string url = item.url.empty() ? identity(item) : item.url;
  spdlog::debug("fetch article site={} url={}", run->job.site.name, url);
  HttpRequest request = request_for(*run, url);
  request.max_body_bytes = std::min(request.max_body_bytes, k_article_page_bytes);
  request.truncate_body = true;
  request.total_timeout = time_left(run->articles_deadline, request.total_timeout);
  const ServiceConfig& service = run->job.service;
  RobotsFetch robots{AddressPolicy{service.private_networks, run->job.site.url}, service.connect_timeout,
                     request.total_timeout};
  const std::size_t index = run->article_items[run->next - 1];
  m_get.get(std::move(request), robots, m_alive.guard([this, run, url, index](Result<HttpResponse> response) {
    if (run->articles_over) return;  // the deadline passed while it was in flight
    auto answer = std::make_shared<Result<HttpResponse>>(std::move(response));
    off_loop([url, answer, extractor = run->job.site.extractor] { return read_article(url, extractor, *answer); },
             [this, run, url, index](Result<std::string> text) {
               if (run->articles_over) return;
               if (!text) {
                 spdlog::warn("article fetch failed site={} url={}: {}", run->job.site.name, url, text.error().message);
               } else {
                 ++run->articles_read;
                 (*run->job.outcome.items)[index].body = std::move(*text);
               }
               next_article(run);
             });
  }));
}

void FollowUps::end_articles(std::shared_ptr<Run> run) {
  if (run->articles_over) return;
  run->articles_over = true;
  if (run->articles_timer) run->articles_timer->cancel();  // else `once` would wait for it
  std::vector<std::string>& unavailable = run->job.outcome.bodies_unavailable;
  for (std::size_t index : run->new_items) {
    const Item& item = (*run->job.outcome.items)[index];
    if (item.body.empty()) unavailable.push_back(identity(item));
  }
  std::sort(unavailable.begin(), unavailable.end());
  finish(run);
}

}  // namespace newswatch
