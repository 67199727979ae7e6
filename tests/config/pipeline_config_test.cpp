// [service] parse_threads and max_pending_pages: read when set, automatic (0) when not, and a value out of
// range is an error located at file:line:col like every other key.
#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

std::vector<std::string> errors_of(const std::string& toml) {
  std::vector<std::string> got;
  try {
    parse_config(toml, "p.toml");
  } catch (const ConfigError& error) {
    for (const ConfigDiagnostic& d : error.diagnostics()) got.push_back(d.to_string());
  }
  return got;
}

TEST(PipelineConfig, ParseThreadsAndPendingPages_AreReadWhenSet_AutomaticOtherwise) {
  const ServiceConfig set = parse_config("[service]\nparse_threads = 3\nmax_pending_pages = 40\n", "p.toml").service;
  EXPECT_EQ(set.parse_threads, 3);
  EXPECT_EQ(set.max_pending_pages, 40);
  const ServiceConfig unset = parse_config("", "p.toml").service;
  EXPECT_EQ(unset.parse_threads, 0);
  EXPECT_EQ(unset.max_pending_pages, 0);
}

TEST(PipelineConfig, OutOfRangeOrWrongType_IsALocatedError) {
  EXPECT_EQ(errors_of("[service]\nmax_pending_pages = 0\n"),
            (std::vector<std::string>{"p.toml:2:21: error: 'max_pending_pages' must be between 1 and 65536, got 0"}));
  EXPECT_EQ(errors_of("[service]\nparse_threads = 1000\n"),
            (std::vector<std::string>{"p.toml:2:17: error: 'parse_threads' must be between 1 and 256, got 1000"}));
  EXPECT_EQ(errors_of("[service]\nparse_threads = \"4\"\n"),
            (std::vector<std::string>{"p.toml:2:17: error: 'parse_threads' must be an integer, got string"}));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
