#include "tests/integration/harness.h"

#include <sys/wait.h>
#include <cstdlib>

#include <fmt/format.h>

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

const char* k_pages[][3] = {
    // served path, before page, after page (hand-made fixtures of the three sites)
    {"nknews.html", "nknews/listing-2021-01-latest.html", "nknews/listing-2021-06-news.html"},
    {"nkjournal.html", "menafn/press-releases-older.html", "menafn/press-releases.html"},
    {"joongang.html", "joongang/section-north-korea.html", "joongang/section-north-korea.html"},
};

std::string site_page(const std::string& name) {
  return read_file(fixture_path(name));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
using namespace NEWSWATCH_FILE_ID;  // the helpers below are this file's public functions' own

RunResult run_binary(const std::vector<std::string>& args, const std::string& work_dir) {
  std::string out_path = work_dir + "/run.out", err_path = work_dir + "/run.err";
  // The shell quotes nothing here: every argument the tests pass is a plain word or a temp path.
  std::string command = NEWSWATCH_BINARY;
  for (const std::string& arg : args) command += " '" + arg + "'";
  command += " </dev/null >" + out_path + " 2>" + err_path;
  RunResult result;
  int status = std::system(command.c_str());
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

PipelineTest::PipelineTest()
    : m_site("http_server.py", {m_dir.path().string() + "/site"}),
      m_receiver("webhook_receiver.py"),
      m_config((m_dir / "newswatch.toml").string()),
      m_database((m_dir / "newswatch.db").string()) {
  serve_before_pages();
  write_config();
}

void PipelineTest::serve_before_pages() {
  for (auto& page : k_pages) write_file(m_dir / "site" / page[0], site_page(page[1]));
}

void PipelineTest::serve_after_pages() {
  for (auto& page : k_pages) write_file(m_dir / "site" / page[0], site_page(page[2]));
}

void PipelineTest::write_config(const std::string& extra, const std::string& service_extra) {
  std::string config = fmt::format(R"toml(
[service]
database = "{db}"
per_host_delay = "0s"
request_timeout = "3s"
connect_timeout = "2s"
{service_extra}

[[site]]
name = "nknews"
url = "{site}/nknews.html"
extractor = "nknews"

[[site]]
name = "nkjournal"
url = "{site}/nkjournal.html"
extractor = "menafn"

[[site]]
name = "joongang-nk"
url = "{site}/joongang.html"
extractor = "joongang"

[aliases]
"North Korea" = ["DPRK", "N. Korea", "N-Korea", "North Korean", "Pyongyang"]

[[watch]]
name = "israel"
query = 'Israel AND "North Korea"'
notify = ["hook"]

[[watch]]
name = "plenum"
query = 'plenum'
notify = ["hook"]

[[notify]]
name = "hook"
type = "webhook"
url = "{hook}"
secret = "s3cret"
{extra}
)toml",
                                   fmt::arg("db", m_database), fmt::arg("site", m_site.url("")),
                                   fmt::arg("hook", m_receiver.url("/hook")), fmt::arg("extra", extra),
                                   fmt::arg("service_extra", service_extra));
  write_file(m_config, config);
}

RunResult PipelineTest::crawl_baseline_then_new_items(const std::vector<std::string>& second_args) {
  RunResult baseline = newswatch({"once"});
  EXPECT_EQ(baseline.exit_code, 0) << "baseline crawl\n" << baseline.out << baseline.err;
  serve_after_pages();
  RunResult second = newswatch(second_args);
  EXPECT_EQ(second.exit_code, 0) << "second crawl\n" << second.out << second.err;
  return second;
}

RunResult PipelineTest::newswatch(const std::vector<std::string>& args) {
  std::vector<std::string> full = args;
  full.push_back("-c");
  full.push_back(m_config);
  return run_binary(full, m_dir.path().string());
}

nlohmann::json PipelineTest::received() {
  return nlohmann::json::parse(http_get(m_receiver.url("/_received")));
}

std::vector<nlohmann::json> PipelineTest::delivered() {
  std::vector<nlohmann::json> out;
  for (const auto& post : received()) {
    // The receiver answers 200 in mode "ok"; posts taken in other modes were refused or left hanging.
    if (post.value("mode", "") == "ok") out.push_back(nlohmann::json::parse(post["body"].get<std::string>()));
  }
  return out;
}

void PipelineTest::set_receiver_mode(const std::string& mode) {
  http_post(m_receiver.url("/_mode"), mode);
}

}  // namespace newswatch::test
