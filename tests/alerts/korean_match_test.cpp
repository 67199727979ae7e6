// Korean matching: a noun term matches the noun with a particle or ending
// attached, never a longer noun (korean_particles.h), checked on the headlines
// of tests/fixtures/korean/headlines.tsv; and the particle table itself.

#include <sstream>

#include <gtest/gtest.h>

#include "alerts/korean_particles.h"
#include "alerts/query.h"
#include "tests/support/files.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct HeadlineRow {
  std::string term;
  bool match = false;
  std::string headline;
  std::string why;
};

std::vector<HeadlineRow> headline_rows() {
  std::vector<HeadlineRow> rows;
  std::istringstream in(test::read_file(test::fixture_path("korean/headlines.tsv")));
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
    if (cells.size() != 4) {
      ADD_FAILURE() << "headlines.tsv: not 4 tab-separated cells: " << line;
      continue;
    }
    rows.push_back(HeadlineRow{cells[0], cells[1] == "match", cells[2], cells[3]});
  }
  return rows;
}

TEST(KoreanMatch, HeadlineTable_NounMatchesWithParticles_NeverALongerNoun) {
  auto rows = headline_rows();
  ASSERT_GE(rows.size(), 30u);
  for (const HeadlineRow& row : rows) {
    SCOPED_TRACE(row.term + " | " + row.headline + " | " + row.why);
    auto query = Query::parse(row.term);
    ASSERT_TRUE(query) << query.error().message;
    EXPECT_EQ(query->match(row.headline, "").has_value(), row.match);
  }
}

TEST(KoreanMatch, ParticleInBody_MatchesAnUnscopedTerm) {
  auto query = Query::parse("북한");
  ASSERT_TRUE(query);
  Item item;
  item.title = "Seoul reacts";
  item.body = "합동참모본부는 이날 북한에서 발사된 미사일을 추적했다고 밝혔다.";
  EXPECT_TRUE(query->match(item));
}

struct StemCase {
  const char* word;
  std::vector<std::string> stems;
};

void PrintTo(const StemCase& c, std::ostream* os) {
  *os << c.word;
}

const StemCase k_stem_cases[] = {
    {"북한은", {"북한"}},
    {"북한는", {}},  // 는 follows a vowel; 한 ends in a consonant
    {"러시아는", {"러시아"}},
    {"북한에서는", {"북한에서", "북한"}},  // 는 after the vowel-final 서, and the stacked 에서는
    {"서울로", {"서울"}},                  // 로 after ㄹ
    {"북한로", {}},                        // 로 after another consonant is 으로
    {"북한으로", {"북한"}},
    {"북한산", {}},
    {"이란", {}},          // Iran: a particle is never the whole word
    {"icbm을", {"icbm"}},  // after a Latin noun any form is taken
    {"북한", {}},
    {"미사일들을", {"미사일들", "미사일"}},
};

class KoreanStemsTest : public testing::TestWithParam<StemCase> {};

TEST_P(KoreanStemsTest, SplitsOnlyListedParticlesThatFitTheSyllable) {
  std::vector<std::string_view> found;
  korean_stems(GetParam().word, found);
  std::vector<std::string> stems(found.begin(), found.end());
  EXPECT_EQ(stems, GetParam().stems);
}

INSTANTIATE_TEST_SUITE_P(Korean, KoreanStemsTest, testing::ValuesIn(k_stem_cases),
                         [](const auto& info) { return "row" + std::to_string(info.index); });

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
