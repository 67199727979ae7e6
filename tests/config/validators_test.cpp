// The checks other stages pass in (extractor registry, selector compiler,
// query parser): called only when set, and their messages located at the
// value they judge.

#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const char* k_text =
    "[aliases]\n"                               // 1
    "DPRK = [\"North Korea\"]\n"                // 2
    "[[site]]\n"                                // 3
    "name = \"a\"\n"                            // 4
    "url = \"https://a.example/\"\n"            // 5
    "extractor = \"nkneus\"\n"                  // 6
    "[[site]]\n"                                // 7
    "name = \"b\"\n"                            // 8
    "url = \"https://b.example/\"\n"            // 9
    "extractor = \"css\"\n"                     // 10
    "[site.selectors]\n"                        // 11
    "item = \"article >\"\n"                    // 12
    "title = \"h2\"\n"                          // 13
    "link = \"a @href\"\n"                      // 14
    "[[watch]]\n"                               // 15
    "name = \"w\"\n"                            // 16
    "query = '\"North Korea\" AND (Russia'\n";  // 17

struct Calls {
  std::vector<std::string> extractors;
  std::vector<std::string> selector_items;
  std::vector<std::string> queries;
  std::size_t aliases_seen = 0;
};

ConfigValidators recording(Calls& calls) {
  ConfigValidators v;
  v.extractor = [&calls](std::string_view name) -> std::optional<std::string> {
    calls.extractors.emplace_back(name);
    if (name == "nknews" || name == "css") return std::nullopt;
    return "unknown extractor '" + std::string(name) + "' (did you mean 'nknews'?)";
  };
  v.selectors = [&calls](const SelectorConfig& selectors) -> std::optional<std::string> {
    calls.selector_items.push_back(selectors.item);
    return "bad selector 'article >' in item: expected a selector after '>'";
  };
  v.query = [&calls](std::string_view query, const Config& config) -> std::optional<std::string> {
    calls.queries.emplace_back(query);
    calls.aliases_seen = config.aliases.size();
    return "query: missing ')' at offset 26";
  };
  return v;
}

TEST(Validators, EachIsCalledOnceAndItsMessageIsLocatedAtTheValue) {
  Calls calls;
  try {
    parse_config(k_text, "v.toml", recording(calls));
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    std::vector<std::string> got;
    for (const ConfigDiagnostic& d : error.diagnostics()) got.push_back(d.to_string());
    const std::vector<std::string> expected = {
        "v.toml:6:13: error: unknown extractor 'nkneus' (did you mean 'nknews'?)",
        "v.toml:11:1: error: bad selector 'article >' in item: expected a selector after '>'",
        "v.toml:17:9: error: query: missing ')' at offset 26",
    };
    EXPECT_EQ(got, expected);
  }
  EXPECT_EQ(calls.extractors, (std::vector<std::string>{"nkneus", "css"}));
  EXPECT_EQ(calls.selector_items, std::vector<std::string>{"article >"});
  EXPECT_EQ(calls.queries, std::vector<std::string>{"\"North Korea\" AND (Russia"});
  EXPECT_EQ(calls.aliases_seen, 1u) << "the query validator must see the aliases";
}

TEST(Validators, UnsetValidatorsAreNotCalled) {
  // Without validators the same text is valid: config/ itself knows no extractors or query syntax.
  const Config config = parse_config(k_text, "v.toml");
  EXPECT_EQ(config.sites.size(), 2u);
  EXPECT_EQ(config.watches.at(0).query, "\"North Korea\" AND (Russia");
}

TEST(Validators, SelectorValidatorIsSkippedWhenRequiredSelectorsAreMissing) {
  Calls calls;
  const char* text =
      "[[site]]\nname = \"b\"\nurl = \"https://b.example/\"\nextractor = \"css\"\n[site.selectors]\nitem = \"x\"\n";
  EXPECT_THROW(parse_config(text, "v.toml", recording(calls)), ConfigError);
  EXPECT_TRUE(calls.selector_items.empty());
}

TEST(Validators, QueryWarnings_AreLocatedAtTheQuery_AndDoNotStopTheLoad) {
  ConfigValidators v;
  v.query_warnings = [](std::string_view query, const Config&) {
    return query == "Russia or Moscow" ? std::vector<std::string>{"'or' is searched as a word: did you mean OR?"}
                                       : std::vector<std::string>{};
  };
  const char* text =
      "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nextractor = \"nknews\"\n"  // 1-4
      "[[watch]]\nname = \"w\"\nquery = 'Russia or Moscow'\n"                           // 5-7
      "[[watch]]\nname = \"fine\"\nquery = 'Russia OR Moscow'\n";                       // 8-10
  const Config config = parse_config(text, "v.toml", v);
  ASSERT_EQ(config.watches.size(), 2u);
  std::vector<std::string> about_queries;  // the config's other warnings (no notifier, ...) are not this test's
  for (const ConfigDiagnostic& warning : config.warnings)
    if (warning.message.find("watch '") == 0) about_queries.push_back(warning.to_string());
  EXPECT_EQ(about_queries,
            std::vector<std::string>{"v.toml:7:9: warning: watch 'w': 'or' is searched as a word: did you mean OR?"});
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
