// An alert's snippet is written with its outbox row (in the row's `also` JSON),
// so an alert sent after a restart, or replayed, still carries it.
#include <gtest/gtest.h>

#include "store/store.h"
#include "tests/store/store_test_util.h"
#include "tests/support/files.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using testing::k_t0;
using testing::make_item;
using testing::page;

Snippet kim_snippet() {
  Snippet snippet;
  snippet.text = "Officials said Kim Yo Jong issued a statement.";
  snippet.marks = {{15, 26}};
  snippet.from_body = true;
  return snippet;
}

MatchFn match_with_snippet(bool once_per_story = true) {
  return [once_per_story](const Item& item) {
    std::vector<AlertRequest> out;
    if (item.title.find("Kim") == std::string::npos) return out;
    out.push_back({"w", "hook", {"Kim Yo Jong"}, once_per_story, false, kim_snippet()});
    return out;
  };
}

TEST(OutboxSnippet, SnippetSurvivesClosingAndReopeningTheDatabase) {
  test::TempDir dir;
  std::string path = testing::db_path(dir, "snippet.db");
  {
    auto store = testing::open_or_die(path);
    ASSERT_TRUE(store->apply_crawl(page("nk", k_t0, {make_item("old", "Old news")}), match_with_snippet()));
    auto applied = store->apply_crawl(page("nk", k_t0 + 60, {make_item("kim", "Kim speaks")}), match_with_snippet());
    ASSERT_TRUE(applied) << applied.error().message;
    ASSERT_EQ(applied->queued_alerts.size(), 1u);
  }  // closed: as after a crash between enqueue and send
  auto reopened = testing::open_or_die(path);
  auto alerts = reopened->alerts(std::nullopt, 10);
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  const Snippet& snippet = alerts->front().snippet;
  EXPECT_EQ(snippet.text, kim_snippet().text);
  ASSERT_EQ(snippet.marks.size(), 1u);
  EXPECT_EQ(snippet.text.substr(snippet.marks[0].begin, snippet.marks[0].end - snippet.marks[0].begin), "Kim Yo Jong");
  EXPECT_TRUE(snippet.from_body);
  EXPECT_EQ(alerts->front().also_count, 0) << "an ordinary alert, not a flood summary";
}

TEST(OutboxSnippet, FloodSummary_KeepsItsListAndTheLeadsSnippet) {
  test::TempDir dir;
  auto store = testing::open_or_die(testing::db_path(dir, "flood.db"));
  ASSERT_TRUE(store->apply_crawl(page("nk", k_t0, {make_item("old", "Old news")}), match_with_snippet(false)));
  std::vector<Item> items;
  for (int i = 0; i < 12; ++i)
    items.push_back(make_item("kim-" + std::to_string(i), "Kim report " + std::to_string(i)));
  ASSERT_TRUE(store->apply_crawl(page("nk", k_t0 + 60, items), match_with_snippet(false)));
  auto alerts = store->alerts(std::nullopt, 10);
  ASSERT_TRUE(alerts);
  ASSERT_EQ(alerts->size(), 1u);
  EXPECT_EQ(alerts->front().also_count, 11);
  EXPECT_EQ(alerts->front().snippet.text, kim_snippet().text);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
