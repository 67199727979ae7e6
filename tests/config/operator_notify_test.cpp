// [service] operator_notify (who hears of health changes) and failing_after.

#include <gtest/gtest.h>

#include "config/config.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr const char* k_notifiers =
    "[[notify]]\nname = \"ops\"\ntype = \"webhook\"\nurl = \"https://hooks.example/ops\"\n"
    "[[notify]]\nname = \"pager\"\ntype = \"webhook\"\nurl = \"https://hooks.example/pager\"\n";

std::string error_of(const std::string& text) {
  try {
    parse_config(text, "h.toml");
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

TEST(OperatorNotify, OneNameOrAList_AndFailingAfter) {
  Config one = parse_config(std::string("[service]\noperator_notify = \"ops\"\nfailing_after = \"2h\"\n") + k_notifiers,
                            "h.toml");
  EXPECT_EQ(one.service.operator_notify, std::vector<std::string>{"ops"});
  EXPECT_EQ(one.service.failing_after, Seconds{7200});
  Config list =
      parse_config(std::string("[service]\noperator_notify = [\"ops\", \"pager\"]\n") + k_notifiers, "h.toml");
  EXPECT_EQ(list.service.operator_notify, (std::vector<std::string>{"ops", "pager"}));
}

TEST(OperatorNotify, Defaults_NobodyAndSixHours) {
  Config config = parse_config("", "h.toml");
  EXPECT_TRUE(config.service.operator_notify.empty());
  EXPECT_EQ(config.service.failing_after, Seconds{6 * 3600});
}

TEST(OperatorNotify, UnknownNotifier_IsALocatedError) {
  std::string error = error_of(std::string("[service]\noperator_notify = [\"ops\", \"opps\"]\n") + k_notifiers);
  EXPECT_NE(error.find("h.toml:2:"), std::string::npos) << error;
  EXPECT_NE(error.find("operator_notify names unknown notifier 'opps'"), std::string::npos) << error;
}

TEST(OperatorNotify, WrongTypeAndOutOfRangeFailingAfter_AreErrors) {
  EXPECT_NE(error_of("[service]\noperator_notify = 3\n").find("'operator_notify' must be a notifier name"),
            std::string::npos);
  EXPECT_NE(error_of("[service]\nfailing_after = \"0s\"\n").find("failing_after"), std::string::npos);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
