// [service] private_networks: the three modes, the default, and a bad value
// reported at its position.

#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

TEST(PrivateNetworksConfig, DefaultsToSiteOnly_AndReadsEachMode) {
  EXPECT_EQ(parse_config("[service]\n", "p.toml").service.private_networks, PrivateNetworks::site_only);
  const struct {
    const char* text;
    PrivateNetworks mode;
  } rows[] = {
      {"site-only", PrivateNetworks::site_only}, {"allow", PrivateNetworks::allow}, {"deny", PrivateNetworks::deny}};
  for (const auto& row : rows) {
    auto config = parse_config(std::string("[service]\nprivate_networks = \"") + row.text + "\"\n", "p.toml");
    EXPECT_EQ(config.service.private_networks, row.mode) << row.text;
  }
}

TEST(PrivateNetworksConfig, UnknownMode_IsAnErrorAtItsLine) {
  try {
    parse_config("[service]\nprivate_networks = \"sometimes\"\n", "p.toml");
    FAIL() << "accepted";
  } catch (const ConfigError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].to_string(),
              "p.toml:2:20: error: 'private_networks' must be \"site-only\", \"allow\" or \"deny\", got 'sometimes'");
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
