// The service parses on more than one thread, so one slow page never stalls every other site.
#include <gtest/gtest.h>

#include "app/service.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

TEST(ParsePool, HasAtLeastTwoThreads_AndNoMoreThanEight) {
  EXPECT_GE(parse_threads(), 2u);
  EXPECT_LE(parse_threads(), 8u);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
