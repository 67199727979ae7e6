// Dates as feeds write them: one row per form (RFC 822 with numeric, named and
// "GMT+9" zones, military letters, impossible offsets, ISO 8601, zone-less
// times in the site's offset), and the clamp that keeps an entry from sitting
// hours in the future because its zone was wrong.

#include <gtest/gtest.h>

#include "extractors/extractor.h"
#include "extractors/feed_dates.h"

using namespace newswatch;

TEST(FeedDates, EveryZoneFormReadsToItsOffset) {
  struct Row {
    const char* text;
    const char* offset;  ///< the site's offset for zone-less times
    const char* want;
  } rows[] = {
      {"Thu, 02 Jul 2015 23:18:09 +01:00", "+00:00", "2015-07-02T23:18:09+01:00"},
      {"Thu, 02 Jul 2015 23:18:09 +0100", "+00:00", "2015-07-02T23:18:09+01:00"},
      {"Wed, 31 Jan 2018 20:15:15 GMT", "+00:00", "2018-01-31T20:15:15+00:00"},
      {"Wed, 31 Jan 2018 20:15:15 UT", "+00:00", "2018-01-31T20:15:15+00:00"},
      {"Wed, 31 Jan 2018 20:15:15 Z", "+00:00", "2018-01-31T20:15:15+00:00"},
      {"Wed, 31 Jan 2018 20:15:15 EST", "+00:00", "2018-01-31T20:15:15-05:00"},
      {"Wed, 31 Jan 2018 20:15:15 EDT", "+00:00", "2018-01-31T20:15:15-04:00"},
      {"Wed, 31 Jan 2018 20:15:15 PST", "+00:00", "2018-01-31T20:15:15-08:00"},
      {"Wed, 31 Jan 2018 20:15:15 pdt", "+00:00", "2018-01-31T20:15:15-07:00"},
      {"Wed, 31 Jan 2018 20:15:15 KST", "+00:00", "2018-01-31T20:15:15+09:00"},
      {"Wed, 31 Jan 2018 20:15:15 JST", "+00:00", "2018-01-31T20:15:15+09:00"},
      {"Wed, 31 Jan 2018 20:15:15 GMT+9", "+00:00", "2018-01-31T20:15:15+09:00"},
      {"Wed, 31 Jan 2018 20:15:15 GMT+09:00", "+00:00", "2018-01-31T20:15:15+09:00"},
      {"Wed, 31 Jan 2018 20:15:15 UTC-0530", "+00:00", "2018-01-31T20:15:15-05:30"},
      {"Wed, 31 Jan 2018 20:15:15 A", "+09:00", "2018-01-31T20:15:15+00:00"},      // military: unknown, RFC 2822
      {"Wed, 31 Jan 2018 20:15:15 +2500", "+00:00", "2018-01-31T20:15:15+14:00"},  // impossible: clamped
      {"Wed, 31 Jan 2018 20:15:15 -1900", "+00:00", "2018-01-31T20:15:15-12:00"},
      {"Wed, 31 Jan 2018 20:15:15", "+09:00", "2018-01-31T20:15:15+09:00"},  // zone-less: the site's
      {"31 Jan 2018 20:15 GMT", "+00:00", "2018-01-31T20:15:00+00:00"},
      {"2017-11-08T18:15:58-05:00", "+00:00", "2017-11-08T18:15:58-05:00"},
      {"2024-03-02T15:34:00.123Z", "+00:00", "2024-03-02T15:34:00+00:00"},
      {"1970-01-01T00:00+00:00", "+00:00", "1970-01-01T00:00:00+00:00"},
      {"2018-01-31T20:15:15", "+09:00", "2018-01-31T20:15:15+09:00"},
      {"2018-01-31T20:15:15+99:00", "+00:00", "2018-01-31T20:15:15+14:00"},
  };
  for (const Row& row : rows) {
    DateOptions options;
    options.utc_offset = row.offset;
    EXPECT_EQ(feed_date({row.text}, options, nullptr), std::optional<std::string>(row.want)) << row.text;
  }
}

TEST(FeedDates, ALoneLetterInRunningText_IsNotAZone) {
  EXPECT_EQ(find_date("Posted June 16, 2020, 19:50 A new era", "+09:00"), "2020-06-16T19:50:00+09:00");
}

TEST(FeedDates, TheFirstCandidateThatParses_Wins) {
  EXPECT_EQ(feed_date({"", "soon", "2024-03-02T15:34:00Z", "2020-01-01"}, DateOptions{}, nullptr),
            "2024-03-02T15:34:00+00:00");
  EXPECT_EQ(feed_date({"tomorrow-ish"}, DateOptions{}, nullptr), std::nullopt);
}

TEST(FeedDates, ATimeHoursAfterTheFetch_IsClampedToTheFetchTime) {
  DateOptions options;
  options.now = *iso_to_unix("2024-03-02T12:00:00+00:00");
  bool clamped = false;
  // A KST wall time labelled GMT: nine hours in the future.
  EXPECT_EQ(feed_date({"Sat, 02 Mar 2024 21:00:00 GMT"}, options, &clamped), "2024-03-02T12:00:00+00:00");
  EXPECT_TRUE(clamped);
  clamped = false;
  EXPECT_EQ(feed_date({"Sat, 02 Mar 2024 12:04:00 GMT"}, options, &clamped), "2024-03-02T12:04:00+00:00")
      << "a few minutes of clock skew is tolerated";
  EXPECT_FALSE(clamped);
  EXPECT_EQ(feed_date({"Sat, 02 Mar 2024 21:00:00 KST"}, options, &clamped), "2024-03-02T21:00:00+09:00");
  EXPECT_FALSE(clamped) << "21:00 KST is 12:00 UTC: not in the future";
}

TEST(FeedDates, ClampedDatesAreCountedInTheReport) {
  const std::string feed =
      "<rss><channel><item><title>t</title><link>https://f.example/1</link>"
      "<pubDate>Sat, 02 Mar 2024 21:00:00 GMT</pubDate></item></channel></rss>";
  auto extractor = make_extractor("feed");
  ASSERT_TRUE(extractor);
  ExtractOptions options;
  options.dates.now = *iso_to_unix("2024-03-02T12:00:00+00:00");
  ExtractReport report;
  auto items = (*extractor)->extract_with(feed, "https://f.example/rss", options, &report);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].published, "2024-03-02T12:00:00+00:00");
  EXPECT_EQ(report.dates_clamped, 1u);
  EXPECT_EQ(report.dates_parsed, 1u);
}

TEST(FeedDates, UnixSecondsRoundTrip) {
  for (const char* iso : {"1970-01-01T00:00:00+00:00", "2000-02-29T23:59:59+00:00", "2024-12-31T12:00:00+00:00"})
    EXPECT_EQ(unix_to_iso_utc(*iso_to_unix(iso)), iso);
  EXPECT_EQ(iso_to_unix("2017-11-08T18:15:58-05:00"), iso_to_unix("2017-11-08T23:15:58+00:00"));
  EXPECT_EQ(iso_to_unix("2017-11-08"), std::nullopt);
}
