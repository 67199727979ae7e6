// RobotsCache stays bounded however many origins it sees (follow-ups reach hosts
// once and never again), while an origin in use keeps its entry for its lifetime.

#include "crawler/robots.h"

#include <string>

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr const char* k_ua = "newswatch";

std::string one_off_origin(int i) {
  return "https://article-host-" + std::to_string(i) + ".example";
}

TEST(RobotsCacheBound, HundredThousandOneOffOrigins_NeverHoldMoreThanTheCap) {
  FakeClock clock;
  RobotsCache cache(1000);
  std::size_t most = 0;
  for (int i = 0; i < 100'000; ++i) {
    cache.store_response(one_off_origin(i), 200, "user-agent: *\ndisallow: /private", k_ua, clock.now());
    cache.trim(clock.now());
    most = std::max(most, cache.size());
    clock.advance(std::chrono::seconds(1));
  }
  EXPECT_LE(most, 1000u);
  EXPECT_GE(cache.size(), 750u) << "eviction keeps three quarters of the cap, not nothing";
}

TEST(RobotsCacheBound, AnOriginAskedEveryCrawl_IsReusedForItsLifetime_AmongThousandsOfOneOffs) {
  FakeClock clock;
  RobotsCache cache(100);
  const std::string live = "https://site.example";
  cache.store_response(live, 200, "user-agent: *\ndisallow: /private", k_ua, clock.now());
  const SteadyTime fetched = clock.now();
  int one_off = 0;
  while (clock.now() - fetched < RobotsCache::k_ttl - std::chrono::minutes(10)) {
    for (int i = 0; i < 50; ++i) {  // a crawl's follow-ups reach 50 hosts seen nowhere else
      cache.store_response(one_off_origin(one_off++), 404, "", k_ua, clock.now());
      cache.trim(clock.now());
    }
    clock.advance(std::chrono::seconds(1));  // the site's own crawl comes after the follow-ups
    ASSERT_NE(cache.find(live, clock.now()), nullptr) << "evicted after " << one_off << " one-off origins";
    clock.advance(std::chrono::minutes(10));  // the site's interval
  }
  EXPECT_GT(one_off, 5000) << "far more origins than the cap went through";
  EXPECT_LE(cache.size(), 100u);
}

TEST(RobotsCacheBound, ExpiredEntries_AreDroppedBeforeAnyLiveOne) {
  FakeClock clock;
  RobotsCache cache(100);
  for (int i = 0; i < 80; ++i) cache.store_response(one_off_origin(i), 503, "", k_ua, clock.now());  // 1 h errors
  clock.advance(std::chrono::hours(2));
  for (int i = 80; i < 170; ++i) cache.store_response(one_off_origin(i), 200, "", k_ua, clock.now());
  cache.trim(clock.now());
  EXPECT_EQ(cache.size(), 90u) << "the 80 expired errors went; none of the 90 fresh copies did";
  for (int i = 80; i < 170; ++i) EXPECT_NE(cache.find(one_off_origin(i), clock.now()), nullptr);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
