// Every date form a hand-written site may print, one row each, read with the
// fetch time 2020-06-16T19:40:00Z and the row's options.

#include <gtest/gtest.h>

#include "extractors/css.h"
#include "extractors/dates.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {
constexpr std::int64_t k_fetched = 1592336400;  // 2020-06-16T19:40:00Z

TEST(DateForms, ParsesEveryFormOfTheIssue) {
  struct Row {
    const char* text;
    const char* offset;
    const char* format;
    std::optional<std::string> want;
  } rows[] = {
      {"2020/06/16 19:50", "+09:00", "", "2020-06-16T19:50:00+09:00"},
      {"2020/6/16", "+00:00", "", "2020-06-16"},
      {"2020.06.16", "+00:00", "", "2020-06-16"},
      {"2020.06.16.", "+00:00", "", "2020-06-16"},
      {"16 June 2020", "+00:00", "", "2020-06-16"},
      {"June 16th, 2020", "+00:00", "", "2020-06-16"},
      {"1st Jan 2021", "+00:00", "", "2021-01-01"},
      {"May, 23", "+00:00", "", "2020-05-23"},
      {"Jun 16", "+00:00", "", "2020-06-16"},
      {"Dec 25", "+00:00", "", "2019-12-25"},  // in the future this year: last year's
      {"37 min ago", "+00:00", "", "2020-06-16T19:03:00+00:00"},
      {"1 hour ago", "+09:00", "", "2020-06-17T03:40:00+09:00"},
      {"an hour ago", "+00:00", "", "2020-06-16T18:40:00+00:00"},
      {"2 days ago", "+00:00", "", "2020-06-14"},
      {"yesterday", "+00:00", "", "2020-06-15"},
      {"Yesterday", "+09:00", "", "2020-06-16"},
      {"Tue, 16 Jun 2020 19:50:00 +0000", "+09:00", "", "2020-06-16T19:50:00+00:00"},
      {"Tue, 16 Jun 2020 19:50:00 GMT", "+09:00", "", "2020-06-16T19:50:00+00:00"},
      {"16 Jun 2020 10:50:00 -0400", "+00:00", "", "2020-06-16T10:50:00-04:00"},
      {"2020-06-16T19:50:00+09:00", "+00:00", "", "2020-06-16T19:50:00+09:00"},
      {"2020-06-16T19:50:00.123Z", "+09:00", "", "2020-06-16T19:50:00+00:00"},
      {"2020년 6월 16일", "+09:00", "", "2020-06-16"},
      {"2020년 06월 16일 19:50", "+09:00", "", "2020-06-16T19:50:00+09:00"},
      {"16/06/2020 19:50", "+09:00", "%d/%m/%Y %H:%M", "2020-06-16T19:50:00+09:00"},
      {"06-16-2020", "+00:00", "%m-%d-%Y", "2020-06-16"},
      {"16/06/2020", "+00:00", "", std::nullopt},  // ambiguous without date_format
      {"Quartidi 4 Thermidor", "+00:00", "", std::nullopt},
      {"99 min later", "+00:00", "", std::nullopt},
  };
  for (const Row& r : rows) {
    DateOptions options;
    options.utc_offset = r.offset;
    options.now = k_fetched;
    options.format = r.format;
    EXPECT_EQ(parse_date(r.text, options), r.want) << r.text;
  }
}

TEST(DateForms, RelativeAndYearlessFormsNeedTheFetchTime) {
  for (const char* text : {"37 min ago", "yesterday", "May, 23"})
    EXPECT_EQ(parse_date(text, DateOptions{}), std::nullopt) << text;
}

TEST(CssFieldBeside, SummaryInTheDdAfterTheDt) {
  SelectorConfig sel{"dl.news dt", "a", "a @href", "+ dd", "+ dd ~ dd.when", "", ""};
  auto ex = make_css_extractor(sel);
  ASSERT_TRUE(ex) << ex.error().message;
  const char* page =
      "<dl class=news><dt><a href=/1>One</a><dd>First summary<dd class=when>2020.06.16"
      "<dt><a href=/2>Two</a><dd>Second summary</dl>";
  auto items = (*ex)->extract(page, "https://example.org/");
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ((*items)[0].summary, "First summary");
  EXPECT_EQ((*items)[0].published, "2020-06-16");
  EXPECT_EQ((*items)[1].summary, "Second summary");
  EXPECT_EQ((*items)[1].published, std::nullopt);  // the next dt stops the search
}

TEST(CssFieldBeside, EveryBadSelectorIsReportedOnItsOwnLine) {
  auto problem = validate_selectors({"li:hover", "a", "a::before @href", "", "", "", ""});
  ASSERT_TRUE(problem);
  EXPECT_NE(problem->find("selectors.item: selector \"li:hover\": column 3: pseudo-class :hover is not supported"),
            std::string::npos)
      << *problem;
  EXPECT_NE(problem->find("\nselectors.link: "), std::string::npos) << *problem;
  EXPECT_NE(problem->find("pseudo-element ::before"), std::string::npos) << *problem;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
