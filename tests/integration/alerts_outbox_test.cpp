// What `newswatch alerts` shows of delivered alerts, through the real binary:
// the attempts that were made (a first-attempt delivery is `tries 1`), and one
// alert for an item that two watches bound for one notifier matched.

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {

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

}  // namespace
}  // namespace newswatch::test
