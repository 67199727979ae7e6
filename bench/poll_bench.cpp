// Polls per second of one page served on loopback, through the service's own
// crawl path (store thread, robots off, politeness gap 0, curl multi on Asio,
// parse thread), in three cases measured in one run:
//   304      the server honours If-None-Match: nothing is downloaded or parsed
//   same     a full 200 whose bytes hash like last time: downloaded, not parsed
//   changed  a full 200 with new bytes every time: parsed and stored
// Usage: poll_bench [SECONDS_PER_CASE]   (default 3)

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/app_config.h"
#include "app/demo_server.h"
#include "app/service.h"

namespace nw = newswatch;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

double polls_per_second(boost::asio::io_context& io, nw::Service& service, nw::DemoServer& server,
                        const std::string& page, bool change_bytes, double seconds) {
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  int polls = 0;
  while (std::chrono::duration<double>(clock::now() - start).count() < seconds) {
    if (change_bytes) server.set_page("/page", page + fmt::format("<!-- {} -->", polls));
    bool done = false;
    service.crawl_once({}, [&](std::vector<nw::SiteReport>) { done = true; });
    while (!done && io.run_one() > 0) {
    }
    ++polls;
  }
  return polls / std::chrono::duration<double>(clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  std::string page = read(std::string(NEWSWATCH_TEST_FIXTURES) + "/nknews/homepage-2020-05-29.html");
  if (page.empty()) {
    std::fprintf(stderr, "poll_bench: cannot read the NK News homepage fixture\n");
    return 1;
  }
  auto db = std::filesystem::temp_directory_path() / fmt::format("poll-bench-{}.db", ::getpid());
  boost::asio::io_context io(1);
  nw::DemoServer server(io);
  server.set_page("/page", page);
  std::string toml = fmt::format(
      "[service]\ndatabase = \"{}\"\nper_host_delay = \"0s\"\nrespect_robots = false\n"
      "[[site]]\nname = \"nknews\"\nurl = \"{}\"\nextractor = \"nknews\"\n",
      db.string(), server.url("/page"));
  auto config = std::make_shared<const nw::Config>(nw::parse_config(toml, "bench.toml", nw::stage_validators()));
  spdlog::set_level(spdlog::level::warn);
  auto service = std::move(*nw::Service::create(io, *nw::make_crawl_context(config)));

  double not_modified = polls_per_second(io, *service, server, page, false, seconds);
  server.set_conditional(false);
  double same_bytes = polls_per_second(io, *service, server, page, false, seconds);
  double changed = polls_per_second(io, *service, server, page, true, seconds);
  std::printf("page: NK News homepage fixture, %zu bytes\n", page.size());
  std::printf("304 not modified        %8.0f polls/s\n", not_modified);
  std::printf("200 same bytes (no parse) %6.0f polls/s\n", same_bytes);
  std::printf("200 changed (parse+store) %6.0f polls/s\n", changed);
  std::printf("ratio unchanged/changed: 304 %.1fx, same bytes %.1fx\n", not_modified / changed, same_bytes / changed);
  service->stop();
  service.reset();
  std::filesystem::remove(db);
  std::filesystem::remove(db.string() + "-wal");
  std::filesystem::remove(db.string() + "-shm");
  return 0;
}
