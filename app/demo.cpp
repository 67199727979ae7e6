// `newswatch demo`: the whole pipeline with no network. A loopback server
// (demo_server.h) plays the three sites and a webhook receiver; two crawls
// run against a temporary database: the first is the baseline (no alerts),
// then the pages change and the second crawl alerts on the new matching items.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/app_config.h"
#include "app/cli.h"
#include "app/commands.h"
#include "app/demo_server.h"
#include "app/service.h"

namespace newswatch {
namespace {

/// The sample pages are the hand-made fixtures of the three sites (tests/fixtures, each folder's README says
/// which seed it reproduces), found in the source tree or under $NEWSWATCH_FIXTURES.
std::filesystem::path fixtures_dir() {
  if (const char* dir = std::getenv("NEWSWATCH_FIXTURES")) return dir;
  if (std::filesystem::exists("tests/fixtures")) return "tests/fixtures";
  return std::filesystem::path(NEWSWATCH_SOURCE_DIR) / "tests/fixtures";
}

std::string read_page(const std::string& name) {
  std::ifstream in(fixtures_dir() / name, std::ios::binary);
  if (!in) throw std::runtime_error("demo page missing: " + (fixtures_dir() / name).string());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string demo_config(const DemoServer& server, const std::filesystem::path& database) {
  return fmt::format(R"toml(
[service]
database = "{db}"
user_agent = "newswatch-demo/{version}"
per_host_delay = "0s"    # every demo site is the same loopback host

[[site]]
name = "nknews"
url = "{base}/nknews/"
extractor = "nknews"

[[site]]
name = "nkjournal"
url = "{base}/nkjournal/"
extractor = "menafn"

[[site]]
name = "joongang-nk"
url = "{base}/joongang/"
extractor = "joongang"

[aliases]
"North Korea" = ["DPRK", "N. Korea", "N-Korea", "North Korean", "Pyongyang"]
"Kim Jong Un" = ["Kim Jong-un"]

[[watch]]
name = "russia"
query = '"North Korea" AND (Russia OR Kursk OR Moscow)'
notify = ["receiver"]

[[watch]]
name = "leadership"
query = '"Kim Jong Un" OR "Kim Yo Jong"'
notify = ["receiver"]

[[notify]]
name = "receiver"
type = "webhook"
url = "{base}/hook"
format = "json"
)toml",
                     fmt::arg("db", database.string()), fmt::arg("version", NEWSWATCH_VERSION),
                     fmt::arg("base", server.url("")));
}

void crawl_and_print(boost::asio::io_context& io, Service& service, const char* heading) {
  std::cout << "\n== " << heading << "\n";
  bool finished = false;
  service.crawl_once({}, [&](std::vector<SiteReport> reports) {
    for (const SiteReport& report : reports) std::cout << "  " << report.summary << "\n";
    finished = true;
  });
  while (!finished && io.run_one() > 0) {
  }
}

}  // namespace

int cmd_demo() {
  auto scratch = std::filesystem::temp_directory_path() / fmt::format("newswatch-demo-{}", ::getpid());
  std::filesystem::create_directories(scratch);
  boost::asio::io_context io(1);
  DemoServer server(io);
  server.set_page("/nknews/", read_page("nknews/listing-2021-01-latest.html"));
  server.set_page("/nkjournal/", read_page("menafn/press-releases-older.html"));
  server.set_page("/joongang/", read_page("joongang/section-north-korea.html"));

  auto config = std::make_shared<const Config>(
      parse_config(demo_config(server, scratch / "demo.db"), "demo.toml", stage_validators()));
  auto context = make_crawl_context(config);
  if (!context) throw std::runtime_error(context.error().message);
  auto service = Service::create(io, *context);
  if (!service) throw std::runtime_error(service.error().message);

  std::cout << "newswatch demo: three sample sites and a webhook receiver on " << server.url("") << "\n";
  crawl_and_print(io, **service, "first crawl: the baseline (a new site alerts on nothing)");
  server.set_page("/nknews/", read_page("nknews/listing-2021-06-news.html"));
  server.set_page("/nkjournal/", read_page("menafn/press-releases.html"));
  crawl_and_print(io, **service, "second crawl: the sites have new stories");

  std::cout << "\n== the receiver got " << server.received().size() << " webhook deliveries\n";
  for (const ReceivedPost& post : server.received()) {
    auto body = nlohmann::json::parse(post.body, nullptr, false);
    if (body.is_discarded()) continue;
    std::string matched;
    for (const auto& term : body["matched"]) matched += (matched.empty() ? "" : ", ") + term.get<std::string>();
    std::cout << fmt::format("  delivery {} watch={} matched=[{}]\n    {} ({})\n", body.value("delivery", ""),
                             body.value("watch", ""), matched, body["item"].value("title", ""),
                             body["item"].value("site", ""));
  }
  (*service)->stop();
  service->reset();
  server.close();
  std::filesystem::remove_all(scratch);
  return k_exit_ok;
}

}  // namespace newswatch
