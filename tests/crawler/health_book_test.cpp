// HealthBook: the network rule's counters follow the configured sites and the rows recorded.

#include "crawler/health_book.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

SiteHealth quiet(const std::string& site, bool failing) {
  SiteHealth row;
  row.site = site;
  row.failing_since = 1'700'000'000;
  row.no_answer = true;
  row.failing = failing;
  return row;
}

SiteHealth answering(const std::string& site) {
  SiteHealth row;
  row.site = site;
  return row;
}

TEST(HealthBook, ASiteDroppedFromTheConfig_NoLongerHoldsOffNetworkDown) {
  HealthBook book;
  book.set_sites({"a", "b", "c"});
  book.record(quiet("a", true));
  book.record(answering("c"));
  EXPECT_FALSE(book.network_looks_down_with(quiet("b", true))) << "c answers";
  book.set_sites({"a", "b"});
  EXPECT_TRUE(book.network_looks_down_with(quiet("b", true)));
  EXPECT_EQ(book.site_count(), 2u);
}

TEST(HealthBook, ASitePutBack_KeepsItsRecordedState) {
  HealthBook book;
  book.set_sites({"a", "b"});
  book.record(quiet("a", true));
  book.set_sites({"b"});
  book.set_sites({"a", "b", "b"});  // a duplicate name is one site
  EXPECT_EQ(book.site_count(), 2u);
  EXPECT_TRUE(book.network_looks_down_with(quiet("b", false))) << "a's failing row came back with it";
}

TEST(HealthBook, NeedsTwoSites_AndOnePastTheThreshold) {
  HealthBook one;
  one.set_sites({"a"});
  EXPECT_FALSE(one.network_looks_down_with(quiet("a", true))) << "one site down is that site";
  HealthBook two;
  two.set_sites({"a", "b"});
  two.record(quiet("a", false));
  EXPECT_FALSE(two.network_looks_down_with(quiet("b", false))) << "nobody past failing_after yet";
  two.record(answering(""));  // the network's own row counts for nothing
  EXPECT_TRUE(two.network_looks_down_with(quiet("b", true)));
  two.record(answering("a"));
  EXPECT_FALSE(two.network_looks_down_with(quiet("b", true))) << "a answered since";
}

TEST(HealthBook, AnUnconfiguredSitesRow_IsNotCounted) {
  HealthBook book;
  book.set_sites({"a", "b"});
  book.record(answering("gone"));
  book.record(quiet("a", true));
  EXPECT_TRUE(book.network_looks_down_with(quiet("b", true)));
  EXPECT_FALSE(book.network_looks_down_with(quiet("gone", true))) << "b has never failed";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
