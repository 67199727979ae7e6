// What check-config needs from the loader beyond validity: durations as the file
// spells them, and located warnings about a config that will not alert anyone
// yet (an example.org user agent, no sites, no watches, no notifiers).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/config.h"
#include "config/nearest_word.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const std::string k_agent = "[service]\nuser_agent = \"newswatch-test (ops@newswatch.test)\"\n";  // lines 1-2
const std::string k_site = "[[site]]\nname = \"a\"\nurl = \"https://a.test/\"\nextractor = \"nknews\"\n";
const std::string k_watch = "[[watch]]\nname = \"w\"\nquery = \"Kursk\"\nnotify = [\"hook\"]\n";
const std::string k_notify = "[[notify]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"https://hook.test/x\"\n";

std::vector<std::string> warnings_of(const std::string& text) {
  std::vector<std::string> out;
  for (const ConfigDiagnostic& warning : parse_config(text, "s.toml").warnings) out.push_back(warning.to_string());
  return out;
}

TEST(DurationAsWritten, KeepsTheFilesSpelling_AndFormatsADefault) {
  const Config config = parse_config(k_agent +
                                         "[[site]]\nname = \"a\"\nurl = \"https://a.test/\"\nextractor = \"nknews\"\n"
                                         "interval = \"90s\"\njitter = \"0010s\"\n" +
                                         k_site.substr(0, 9) +
                                         "name = \"b\"\nurl = \"https://b.test/\"\n"
                                         "extractor = \"nknews\"\n",
                                     "s.toml");
  ASSERT_EQ(config.sites.size(), 2u);
  EXPECT_EQ(config.sites[0].interval.count(), 90);
  EXPECT_EQ(config.sites[0].interval_text, "90s");
  EXPECT_EQ(config.sites[0].jitter_text, "0010s");
  EXPECT_EQ(duration_as_written(config.sites[0].interval_text, config.sites[0].interval), "90s");
  EXPECT_EQ(config.sites[1].interval_text, "");
  EXPECT_EQ(duration_as_written(config.sites[1].interval_text, config.sites[1].interval), "10m");
  EXPECT_EQ(duration_as_written("", Seconds{5400}), "1h30m");
}

TEST(SetupWarnings, ACompleteConfig_HasNone) {
  EXPECT_TRUE(warnings_of(k_agent + k_site + k_watch + k_notify).empty());
}

TEST(SetupWarnings, ExampleOrgUserAgent_IsWarnedAtItsValue) {
  EXPECT_EQ(
      warnings_of("[service]\nuser_agent = \"bot (+https://www.Example.ORG/bot)\"\n" + k_site + k_watch + k_notify),
      std::vector<std::string>{"s.toml:2:14: warning: user_agent still names example.org: name a page or "
                               "address where site owners can reach you"});
}

TEST(SetupWarnings, DefaultUserAgent_IsWarnedAtTheServiceTable_OrTheFileStart) {
  const auto at_service = warnings_of("[service]\nconcurrency = 2\n" + k_site + k_watch + k_notify);
  ASSERT_EQ(at_service.size(), 1u);
  EXPECT_EQ(at_service[0].rfind("s.toml:1:1: warning: no user_agent is set, so every request sends \"newswatch/", 0),
            0u)
      << at_service[0];
  const auto without_service = warnings_of("\n" + k_site + k_watch + k_notify);
  ASSERT_EQ(without_service.size(), 1u);
  EXPECT_EQ(without_service[0].rfind("s.toml:1:1: warning: no user_agent is set", 0), 0u) << without_service[0];
}

TEST(SetupWarnings, NothingToCrawl_WatchOrNotify_IsWarnedOnce_WhereTheFixGoes) {
  EXPECT_EQ(warnings_of(k_agent),
            std::vector<std::string>{"s.toml:1:1: warning: no [[site]] is configured: nothing will be crawled or "
                                     "alerted"});
  EXPECT_EQ(warnings_of(k_agent + k_site),
            std::vector<std::string>{"s.toml:3:1: warning: no [[watch]] is configured: items will be stored, but "
                                     "nothing will be alerted"});
  EXPECT_EQ(warnings_of(k_agent + k_site + "[[watch]]\nname = \"w\"\nquery = \"Kursk\"\n"),
            std::vector<std::string>{"s.toml:7:1: warning: no [[notify]] is configured: watches will match, but "
                                     "nothing will be alerted"});
}

TEST(NearestWord, SuggestsACloseTypo_NotAStranger) {
  const std::vector<std::string_view> commands{"run", "once", "extract", "check-config", "items"};
  EXPECT_EQ(nearest_word("chek-config", commands), "check-config");
  EXPECT_EQ(nearest_word("item", commands), "items");
  EXPECT_EQ(nearest_word("frobnicate", commands), "");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
