#pragma once
// The state of one crawl's follow-ups (follow_up.h), shared by the files that implement FollowUps:
// follow_up.cpp (children, titles) and follow_up_articles.cpp (article text). Internal to crawler/.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/steady_timer.hpp>

#include "crawler/follow_up.h"

namespace newswatch {

struct FollowUps::Run {
  Run(FollowUpJob j, std::function<void(CrawlOutcome)> d) : job(std::move(j)), done(std::move(d)) {}

  FollowUpJob job;
  std::function<void(CrawlOutcome)> done;
  std::vector<Item> items;              ///< the page's, then each child's
  std::vector<std::string> untitled;    ///< keys of items with a stand-in title
  std::vector<std::string> title_urls;  ///< articles to fetch, in order (at most max_title_fetches)
  std::size_t next = 0;                 ///< the next child or article to fetch
  int children_read = 0, children_failed = 0, titles_read = 0, titles_failed = 0;

  // Article text (fetch_articles): indexes into job.outcome.items of the new items whose page is fetched, in
  // order; every new item not read by the end is listed in job.outcome.bodies_unavailable.
  std::vector<std::size_t> article_items;
  std::vector<std::size_t> new_items;  ///< every new item (article_items and those past the cap)
  std::chrono::steady_clock::time_point articles_deadline;
  std::unique_ptr<boost::asio::steady_timer> articles_timer;  ///< ends the stage at the deadline
  bool articles_over = false;  ///< the stage ended (all read, or the deadline): late answers are dropped
  int articles_read = 0;
};

}  // namespace newswatch
