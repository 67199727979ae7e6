// Korean matching, scopes and cross-language aliases end to end: the real
// binary crawls a hand-made Korean listing on loopback twice (a baseline, then
// new items), queues alerts whose snippets are kept in the outbox row, and
// `newswatch match --watch --explain` shows which field each term matched in.

#include <fmt/format.h>

#include "store/sqlite.h"
#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

// Hand-made, in the style of a Korean news desk's listing (see tests/fixtures/korean/README.md).
constexpr const char* k_before = R"html(<ul>
<li><a href="/ko/1">국회, 예산안 처리 합의</a><p>여야가 내년도 예산안에 합의했다.</p><span class="by">김기자</span></li>
</ul>)html";

constexpr const char* k_after = R"html(<ul>
<li><a href="/ko/1">국회, 예산안 처리 합의</a><p>여야가 내년도 예산안에 합의했다.</p><span class="by">김기자</span></li>
<li><a href="/ko/2">북한은 이날 동해상으로 탄도미사일을 발사했다</a><p>합참은 "추가 발사에 대비하고 있다"고 밝혔다. 북한의 이번 발사는 올해 들어 세 번째다.</p><span class="by">이기자</span></li>
<li><a href="/ko/3">북한산 국립공원 탐방로 일부 통제</a><p>낙석 위험 때문이다.</p><span class="by">박기자</span></li>
<li><a href="/ko/4">Seoul weighs response</a><p>Officials said the DPRK launch was expected.</p><span class="by">Kim Tong-Hyung</span></li>
<li><a href="/ko/5">조선중앙통신 "미사일 시험 성공"</a><p>관영 매체 보도.</p><span class="by">이기자</span></li>
</ul>)html";

class KoreanScopeMatchTest : public PipelineTest {
 protected:
  void SetUp() override {
    write_file(m_dir / "site" / "korean.html", k_before);
    write_file(m_config, fmt::format(R"toml(
[service]
database = "{db}"
per_host_delay = "0s"
request_timeout = "3s"
connect_timeout = "2s"

[[site]]
name = "korean"
url = "{site}/korean.html"
extractor = "css"
[site.selectors]
item = "li"
title = "a"
link = "a @href"
summary = "p"
authors = "span.by"

[aliases]
# One watch term for every way the sources write it, across scripts.
"North Korea" = ["DPRK", "북한", "조선", "Pyongyang"]

[[watch]]
name = "nk"
query = '"North Korea"'
notify = ["hook"]

[[watch]]
name = "nk-launch-by-lee"
query = 'title:북한 author:이기자 -summary:podcast'
notify = ["hook"]

[[notify]]
name = "hook"
type = "webhook"
url = "{hook}"
)toml",
                                     fmt::arg("db", m_database), fmt::arg("site", m_site.url("")),
                                     fmt::arg("hook", m_receiver.url("/hook"))));
    RunResult baseline = newswatch({"once"});
    ASSERT_EQ(baseline.exit_code, 0) << baseline.out << baseline.err;
    write_file(m_dir / "site" / "korean.html", k_after);
    RunResult second = newswatch({"once"});
    ASSERT_EQ(second.exit_code, 0) << second.out << second.err;
  }

  static bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
};

TEST_F(KoreanScopeMatchTest, KoreanAliasWatch_MatchesParticlesAcrossScripts_NotTheMountain) {
  RunResult run = newswatch({"match", "--watch", "nk", "--explain"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "✓ \"North Korea\" ← 북한은 (alias) in title; 북한의 (alias) in summary")) << run.out;
  EXPECT_TRUE(has(run.out, "✓ \"North Korea\" ← DPRK (alias) in summary")) << run.out;
  EXPECT_FALSE(has(run.out, "조선중앙통신")) << "a longer noun (KCNA) is another word than 조선\n" << run.out;
  EXPECT_FALSE(has(run.out, "북한산")) << run.out;
  EXPECT_TRUE(has(run.out, "snippet (title/summary): **북한의** 이번 발사는 올해 들어 세 번째다.\n")) << run.out;
}

TEST_F(KoreanScopeMatchTest, ScopedWatch_NamesTheFieldOfEachTerm) {
  RunResult run = newswatch({"match", "--watch", "nk-launch-by-lee", "--explain"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // 북한 is a form of the alias, so the scoped term is the alias in the title.
  EXPECT_TRUE(has(run.out, "✓ title:\"North Korea\" ← 북한은 (alias) in title")) << run.out;
  EXPECT_TRUE(has(run.out, "✓ author:이기자 ← 이기자 in author")) << run.out;
  EXPECT_TRUE(has(run.out, "1 of 5 stored items match")) << run.out;
}

TEST_F(KoreanScopeMatchTest, QueuedAlerts_KeepTheirSnippetInTheOutbox) {
  sqlite::Database db(m_database);
  auto query = db.query(
      "SELECT json_extract(o.also, '$.snippet.text') FROM outbox o JOIN items i ON i.id = o.item_id "
      "WHERE o.watch = 'nk' AND i.title LIKE 'Seoul%'");
  ASSERT_TRUE(query.step());
  EXPECT_EQ(query.text(0), "Officials said the DPRK launch was expected.");
}

TEST_F(KoreanScopeMatchTest, BadScopeInConfig_IsAConfigErrorWithItsPlace) {
  write_file(m_dir / "bad.toml", fmt::format(R"toml(
[service]
database = "{db}"

[[watch]]
name = "typo"
query = 'bodi:missile'
)toml",
                                             fmt::arg("db", m_database)));
  RunResult run = run_binary({"check-config", "-c", (m_dir / "bad.toml").string()}, m_dir.path().string());
  EXPECT_EQ(run.exit_code, 78);
  EXPECT_TRUE(has(run.err + run.out, "bad.toml:7:")) << run.err << run.out;
  EXPECT_TRUE(has(run.err + run.out, "unknown scope 'bodi:'")) << run.err << run.out;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
