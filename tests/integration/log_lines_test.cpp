// What the log says, read from the real binary's stderr: timestamps unless
// stderr is the journal, "not modified" for a 304, the baseline of a first
// crawl, the title of an alert sent, and a curl failure said once.

#include <sys/stat.h>

#include <cstdlib>
#include <regex>

#include "tests/integration/harness.h"
#include "tests/integration/processes.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

const std::regex k_stamped_line(
    "(^|\\n)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} info newswatch: crawled site=");

class LogLinesTest : public PipelineTest {
 protected:
  /// Runs `once` with $JOURNAL_STREAM set to `journal_stream` ("" to leave it unset).
  RunResult once_with_journal_stream(const std::string& journal_stream) {
    if (journal_stream.empty())
      unsetenv("JOURNAL_STREAM");
    else
      setenv("JOURNAL_STREAM", journal_stream.c_str(), 1);
    RunResult run = newswatch({"once"});
    unsetenv("JOURNAL_STREAM");
    return run;
  }
  /// "DEV:INODE" of the file run_binary sends stderr to (created now, so the shell keeps its inode).
  std::string stderr_file_identity() {
    const std::string path = (m_dir / "run.err").string();
    write_file(path, "");
    struct stat st {};
    EXPECT_EQ(stat(path.c_str(), &st), 0);
    return std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  }
};

TEST_F(LogLinesTest, Timestamps_OutsideTheJournal_NoneUnderIt) {
  RunResult shell = once_with_journal_stream("");
  EXPECT_TRUE(std::regex_search(shell.err, k_stamped_line)) << shell.err;
  RunResult journal = once_with_journal_stream(stderr_file_identity());
  EXPECT_NE(journal.err.find("info newswatch: crawled site="), std::string::npos) << journal.err;
  EXPECT_FALSE(std::regex_search(journal.err, k_stamped_line)) << "journald stamps the time itself\n" << journal.err;
  RunResult inherited = once_with_journal_stream("1:2");  // the unit's variable, stderr redirected elsewhere
  EXPECT_TRUE(std::regex_search(inherited.err, k_stamped_line)) << inherited.err;
}

TEST_F(LogLinesTest, FirstCrawlIsABaseline_ASecondOneUnchangedIsNotModified) {
  RunResult first = newswatch({"once"});
  EXPECT_NE(first.err.find("first crawl of nknews: baseline, 10 items stored, no alerts"), std::string::npos)
      << first.err;
  RunResult second = newswatch({"once"});
  EXPECT_NE(second.err.find("crawled site=nknews url=" + m_site.url("/nknews.html") + " status=304: not modified"),
            std::string::npos)
      << second.err;
  EXPECT_EQ(second.err.find("items=0"), std::string::npos) << second.err;
  EXPECT_EQ(second.err.find("baseline"), std::string::npos) << second.err;
}

TEST_F(LogLinesTest, AlertSent_NamesTheItemTitle) {
  RunResult second = crawl_baseline_then_new_items();
  std::smatch sent;
  ASSERT_TRUE(std::regex_search(second.err, sent, std::regex("alert sent id=\\d+ [^\\n]* title=\"([^\"\\n]+)\"")))
      << second.err;
  bool found = false;
  for (const auto& body : delivered()) found = found || body.dump().find(sent[1].str()) != std::string::npos;
  EXPECT_TRUE(found) << "the logged title is the alerted item's: " << sent[1];
}

TEST_F(LogLinesTest, RefusedConnection_IsSaidOnce) {
  write_config("[[site]]\nname = \"gone\"\nurl = \"http://127.0.0.1:1/\"\nextractor = \"nknews\"\n");
  RunResult run = newswatch({"once", "--site", "gone"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("failed: Failed to connect to 127.0.0.1 port 1 "), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("Couldn't connect to server: "), std::string::npos) << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
