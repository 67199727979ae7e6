// Subscribing instead of being pushed, through the real binary: the Atom feed of a watch (one with no
// notifier included) from `newswatch feed` and from the service's /feeds/WATCH.atom, with ids that stay
// the same from run to run; and quiet hours, where a watch's alerts wait in the outbox while its window
// lasts and go out once after it, and a high-priority watch is delivered at once.
//
// No test waits on the wall clock: the quiet window is written around the current time, and "the window
// has ended" is made by moving the held rows a day into the past in the database, which is what the
// claim sees when the clock has moved on.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"
#include "tests/support/atom_xml.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> rows;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) rows.push_back(nlohmann::json::parse(text.substr(start, end - start)));
    start = end + 1;
  }
  return rows;
}

/// The mails the SMTP peer wrote (JSON Lines); none when it wrote no file.
std::vector<nlohmann::json> mails_in(const std::string& mailbox) {
  std::ifstream in(mailbox);
  std::vector<nlohmann::json> mails;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) mails.push_back(nlohmann::json::parse(line));
  return mails;
}

/// "HH:MM-HH:MM UTC" from an hour before now to two hours after (crossing midnight when it must).
std::string window_around_now() {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  return fmt::format("{:%H:%M}-{:%H:%M} UTC", fmt::gmtime(now - 3600), fmt::gmtime(now + 7200));
}

const char* k_feed_watch = R"toml(
[[watch]]
name = "reader"
query = 'Israel AND "North Korea"'
)toml";

class FeedQuietTest : public PipelineTest {
 protected:
  int posts_to(const std::string& path) {
    int n = 0;
    for (const auto& post : received())
      if (post.value("path", "") == path) ++n;
    return n;
  }
};

TEST_F(FeedQuietTest, FeedOfAWatchWithoutNotifier_ListsItsMatches_WithStableIds) {
  write_config(k_feed_watch);
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  RunResult first = newswatch({"feed", "--watch", "reader"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  AtomXml xml(first.out);
  ASSERT_TRUE(xml.ok()) << first.out;
  EXPECT_EQ(xml.one("/a:feed/a:id"), "urn:newswatch:feed:reader");
  auto ids = xml.all("/a:feed/a:entry/a:id");
  ASSERT_FALSE(ids.empty()) << "the after pages have items matching 'reader'";
  for (const std::string& title : xml.all("/a:feed/a:entry/a:title")) EXPECT_FALSE(title.empty());
  for (const std::string& link : xml.all("/a:feed/a:entry/a:link/@href")) EXPECT_TRUE(link.starts_with("http"));
  // Another crawl of the same pages and another run: the same entries, the same ids.
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  AtomXml again(newswatch({"feed", "--watch", "reader"}).out);
  EXPECT_EQ(again.all("/a:feed/a:entry/a:id"), ids);
  // Every watch's feed has them too, among the others' matches.
  AtomXml all(newswatch({"feed"}).out);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all.one("/a:feed/a:id"), "urn:newswatch:feed:all");
  EXPECT_GT(all.all("/a:feed/a:entry").size(), ids.size());
  EXPECT_EQ(AtomXml(newswatch({"feed", "--watch", "reader", "--limit", "1"}).out).all("/a:feed/a:entry").size(), 1u);
}

TEST_F(FeedQuietTest, UnknownWatch_IsAUsageErrorNamingTheConfiguredOnes) {
  write_config(k_feed_watch);
  RunResult result = newswatch({"feed", "--watch", "nope"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("no watch 'nope'"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("configured: israel, plenum, reader"), std::string::npos) << result.err;
}

TEST_F(FeedQuietTest, CheckConfig_ShowsQuietHoursAndPriority_AndNamesABadZone) {
  write_config(
      "[[watch]]\nname = \"night\"\nquery = 'Kim'\nquiet = \"22:00-07:00 Asia/Seoul\"\n"
      "priority = \"high\"\n");
  RunResult ok = newswatch({"check-config"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("  watch night: Kim -> nobody, quiet 22:00-07:00 Asia/Seoul, priority high\n"),
            std::string::npos)
      << ok.out;
  write_config("[[watch]]\nname = \"night\"\nquery = 'Kim'\nquiet = \"22:00-07:00 Mars/Olympus\"\n");
  RunResult bad = newswatch({"check-config"});
  EXPECT_EQ(bad.exit_code, 78);
  EXPECT_NE(bad.err.find("unknown time zone 'Mars/Olympus'"), std::string::npos) << bad.err;
}

TEST_F(FeedQuietTest, ServiceServesTheFeed_AndAnUnknownWatchIs404) {
  std::string listen = "127.0.0.1:" + std::to_string(free_port());
  write_config(k_feed_watch, "listen = \"" + listen + "\"");
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  auto cli_ids = AtomXml(newswatch({"feed", "--watch", "reader"}).out).all("/a:feed/a:entry/a:id");
  Background service({"run", "-c", m_config}, (m_dir / "service.log").string());
  std::string body;
  ASSERT_TRUE(eventually([&] {
    try {
      body = http_get("http://" + listen + "/feeds/reader.atom");
      return true;
    } catch (const std::exception&) {
      return false;  // not listening yet
    }
  }));
  AtomXml xml(body);
  ASSERT_TRUE(xml.ok()) << body;
  EXPECT_EQ(xml.all("/a:feed/a:entry/a:id"), cli_ids);
  EXPECT_EQ(xml.one("/a:feed/a:link[@rel='self']/@href"), "http://" + listen + "/feeds/reader.atom");
  EXPECT_TRUE(AtomXml(http_get("http://" + listen + "/feeds/all.atom")).ok());
  EXPECT_THROW(http_get("http://" + listen + "/feeds/nope.atom"), std::exception);
}

TEST_F(FeedQuietTest, QuietWatch_IsHeldDuringItsWindow_AndDeliveredOnceAfter_HighPriorityAtOnce) {
  const std::string window = window_around_now();
  write_config(fmt::format(R"toml(
[[watch]]
name = "night"
query = 'Israel AND "North Korea"'
notify = ["night-hook"]
quiet = "{window}"

[[watch]]
name = "urgent"
query = 'plenum'
notify = ["urgent-hook"]
quiet = "{window}"
priority = "high"

[[notify]]
name = "night-hook"
type = "webhook"
url = "{night}"

[[notify]]
name = "urgent-hook"
type = "webhook"
url = "{urgent}"
)toml",
                           fmt::arg("window", window), fmt::arg("night", m_receiver.url("/night")),
                           fmt::arg("urgent", m_receiver.url("/urgent"))));
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  EXPECT_GT(posts_to("/urgent"), 0) << "a high-priority watch ignores quiet hours";
  EXPECT_EQ(posts_to("/night"), 0) << "inside the window (" << window << ") nothing goes out";
  int held = 0;
  for (const auto& row : json_lines(newswatch({"alerts", "--state", "pending", "--json"}).out)) {
    if (row["notifier"] != "night-hook") continue;
    ++held;
    EXPECT_TRUE(row["last_error"].get<std::string>().starts_with("quiet hours")) << row.dump();
  }
  ASSERT_GT(held, 0);
  // A run later in the window still sends nothing.
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  EXPECT_EQ(posts_to("/night"), 0);
  // A day later: the window is over for these rows.
  run_sql(m_database,
          "UPDATE outbox SET created_at = created_at - 86400, next_attempt_at = next_attempt_at - 86400 "
          "WHERE notifier = 'night-hook'");
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  EXPECT_EQ(posts_to("/night"), held);
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  EXPECT_EQ(posts_to("/night"), held) << "delivered once";
}

TEST_F(FeedQuietTest, QuietMailAlerts_GoOutAsOneDigestWhenTheWindowEnds) {
  std::string mailbox = (m_dir / "mailbox.jsonl").string();
  Peer smtp("smtp_server.py", {"--out", mailbox});
  write_config(fmt::format(R"toml(
[[notify]]
name = "mail"
type = "email"
smtp_url = "smtp://127.0.0.1:{port}"
tls = "none"
from = "newswatch@example.org"
to = ["analyst@example.org"]

[[watch]]
name = "israel-mail"
query = 'Israel'
notify = ["mail"]
quiet = "{window}"
)toml",
                           fmt::arg("port", smtp.port()), fmt::arg("window", window_around_now())));
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  EXPECT_TRUE(mails_in(mailbox).empty()) << "held while the window lasts";
  run_sql(m_database,
          "UPDATE outbox SET created_at = created_at - 86400, next_attempt_at = next_attempt_at - 86400 "
          "WHERE notifier = 'mail'");
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  auto mails = mails_in(mailbox);
  ASSERT_EQ(mails.size(), 1u) << "the fixture pages give two matches; without quiet hours they are two mails";
  EXPECT_NE(mails[0]["data"].get<std::string>().find("-n2"), std::string::npos) << "a digest of both";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
