#pragma once
// Follow-up fetches: the extra documents one crawl of a site reads after its page and before the store
// step, their results merged into the page's outcome. Two kinds today: a sitemap index's children (read
// with the site's extractor, their items merged) and, with `fetch_titles`, the article pages of sitemap
// entries that name no title (og:title, h1 or <title> replaces the stand-in).
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

#include <boost/asio/io_context.hpp>
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
};

/// True when a crawl has follow-ups to make: its page was parsed and named children, or has untitled
/// items and the site sets fetch_titles.
bool wants_follow_ups(const SiteConfig& site, const CrawlOutcome& outcome, const ExtractReport& report);

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
  void finish(std::shared_ptr<Run> run);
  /// Runs `work` on the parse pool and `then` with its result on the loop, keeping the loop alive between.
  template <class Work, class Then>
  void off_loop(Work work, Then then);
  HttpRequest request_for(const Run& run, std::string url) const;

  boost::asio::io_context& m_io;
  StoreWorker& m_store;
  boost::asio::thread_pool& m_parse_pool;
  PoliteGet m_get;
  AliveToken m_alive;  ///< last member: completions do nothing once this object is gone
};

}  // namespace newswatch
