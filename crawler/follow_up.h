#pragma once
// Follow-up fetches: the extra documents one crawl of a site reads after its page and before the store
// step, their results merged into the page's outcome. Three kinds: a sitemap index's children (read
// with the site's extractor, their items merged); with `fetch_titles`, the article pages of sitemap
// entries that name no title (og:title, h1 or <title> replaces the stand-in); and with `fetch_articles`,
// the article pages of the crawl's new items, whose main text becomes Item::body before the store step
// matches watches, so alerts wait for their article (follow_up_articles.cpp).
//
// Linear and bounded: the list is fixed once the page has been read (at most max_children children,
// then at most max_title_fetches articles), and its URLs are fetched one at a time, each as the page
// was (polite_get.h: robots.txt, the host's polite slot, the site's address policy, redirects hop by
// hop). Bytes are read on the parse pool, never on the loop. A follow-up that fails is logged and
// skipped: the crawl stores what it has.
//
// Titles are fetched only for entries the store does not know by a real title: a stored entry keeps
// the title it has (so a stand-in never overwrites a fetched headline as a revision), new entries come
// first, then stored ones still carrying their stand-in.
//
// An index's children are fetched in full on every crawl: the store keeps validators for the site's
// own URL only, and an index rarely changes while its children do. So a crawl that followed children
// stores no validators and no body hash for the index, and the next crawl reads it (and them) again.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "config/config.h"
#include "crawler/polite_get.h"
#include "extractors/extractor.h"
#include "net/alive_token.h"
#include "store/store.h"
#include "store/store_worker.h"

namespace newswatch {

/// One crawl's follow-ups: what its page's extraction asked for, and the outcome to merge into.
struct FollowUpJob {
  SiteConfig site;
  ServiceConfig service;
  std::shared_ptr<const Extractor> extractor;
  CrawlOutcome outcome;  ///< the page's outcome; items merged into it
  ExtractReport report;  ///< the page's extraction report: follow_ups (children), untitled (keys)
  /// Fetch the article pages of new items: the site sets fetch_articles and this crawl is past its baseline
  /// (a baseline alerts on nothing, so its archive of old articles is not fetched).
  bool fetch_articles = false;
};

/// True when a crawl has follow-ups to make: its page was parsed and named children, has untitled items
/// and the site sets fetch_titles, or has items and job.fetch_articles.
bool wants_follow_ups(const FollowUpJob& job);

class FollowUps {
 public:
  FollowUps(boost::asio::io_context& io, HttpClient& http, StoreWorker& store, Politeness& politeness,
            RobotsGate& robots, boost::asio::thread_pool& parse_pool);

  /// Fetches what job.report asks for and merges it into job.outcome, which `done` gets on the loop.
  void run(FollowUpJob job, std::function<void(CrawlOutcome)> done);

 private:
  struct Run;
  void next_child(std::shared_ptr<Run> run);
  void look_up_titles(std::shared_ptr<Run> run);
  void next_title(std::shared_ptr<Run> run);
  /// Merges and caps the items and judges their health, then fetches articles or finishes.
  void settle(std::shared_ptr<Run> run);
  void look_up_articles(std::shared_ptr<Run> run);
  void start_articles(std::shared_ptr<Run> run, const std::vector<std::string>& stored_keys);
  void next_article(std::shared_ptr<Run> run);
  void end_articles(std::shared_ptr<Run> run);
  void finish(std::shared_ptr<Run> run);
  /// Runs `work` on the parse pool and `then` with its result on the loop, keeping the loop alive between.
  template <class Work, class Then>
  void off_loop(Work work, Then then) {
    auto guard = boost::asio::make_work_guard(m_io);  // `once` ends when the loop runs dry
    boost::asio::post(
        m_parse_pool, [this, work = std::move(work), then = std::move(then), guard = std::move(guard)]() mutable {
          auto result = work();
          boost::asio::post(m_io, m_alive.guard([then = std::move(then), result = std::move(result),
                                                 guard = std::move(guard)]() mutable { then(std::move(result)); }));
        });
  }
  HttpRequest request_for(const Run& run, std::string url) const;

  boost::asio::io_context& m_io;
  StoreWorker& m_store;
  boost::asio::thread_pool& m_parse_pool;
  PoliteGet m_get;
  AliveToken m_alive;  ///< last member: completions do nothing once this object is gone
};

}  // namespace newswatch
