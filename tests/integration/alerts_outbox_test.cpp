// What `newswatch alerts` shows of delivered alerts, through the real binary:
// the attempts that were made (a first-attempt delivery is `tries 1`), and one
// alert for an item that two watches bound for one notifier matched.

#include <map>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> rows;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) rows.push_back(nlohmann::json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  return rows;
}

using AlertsOutboxTest = PipelineTest;

TEST_F(AlertsOutboxTest, DeliveredOnTheFirstAttempt_ShowsTries1) {
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  auto rows = json_lines(newswatch({"alerts", "--state", "sent", "--json"}).out);
  ASSERT_FALSE(rows.empty());
  for (const auto& row : rows) EXPECT_EQ(row["attempts"], 1) << row.dump();
  RunResult listing = newswatch({"alerts", "--state", "sent"});
  EXPECT_NE(listing.out.find("tries 1"), std::string::npos) << listing.out;
  EXPECT_EQ(listing.out.find("tries 0"), std::string::npos) << listing.out;
}

TEST_F(AlertsOutboxTest, ItemMatchingTwoWatchesOfOneNotifier_IsOnePostNamingBoth) {
  // Every item the "israel" watch matches, "israel-too" matches as well; both notify "hook".
  write_config("\n[[watch]]\nname = \"israel-too\"\nquery = 'Israel'\nnotify = [\"hook\"]\n");
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  std::map<std::string, int> posts_per_item;
  int naming_both = 0;
  for (const auto& body : delivered()) {
    ++posts_per_item[body["item"]["url"].get<std::string>()];
    if (body["watch"] == "israel") {
      EXPECT_EQ(body["watches"], nlohmann::json::array({"israel", "israel-too"})) << body.dump();
      ++naming_both;
    }
  }
  EXPECT_GT(naming_both, 0) << "the fixture pages have items matching both watches";
  for (const auto& [url, posts] : posts_per_item) EXPECT_EQ(posts, 1) << url << " was POSTed " << posts << " times";
  RunResult listing = newswatch({"alerts", "--state", "sent"});
  EXPECT_NE(listing.out.find("israel, israel-too"), std::string::npos) << listing.out;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
