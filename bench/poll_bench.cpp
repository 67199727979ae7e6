// Polls per second of one page served on loopback, through the service's own
// crawl path (store thread, robots off, politeness gap 0, curl multi on Asio,
// parse thread), in three cases measured in one run:
//   304      the server honours If-None-Match: nothing is downloaded or parsed
//   same     a full 200 whose bytes hash like last time: downloaded, not parsed
//   changed  a full 200 with new bytes every time: parsed and stored
// and, for each, the process's CPU time per poll (every thread: loop, parse, store, and the
// in-process page server, which the figure therefore over-counts a little), set against the
// floor of a changed page: one bare Gumbo parse of the same bytes (the options pages are parsed with), timed
// between the polls. polls/s include those parses in the changed case.
// Usage: poll_bench [SECONDS_PER_CASE] [changed]   (default 3; "changed" runs that case alone, for perf record)

#include <gumbo.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string_view>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/app_config.h"
#include "app/demo_server.h"
#include "app/service.h"
#include "extractors/html.h"

namespace nw = newswatch;

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

double cpu_seconds() {  // every thread of the process
  timespec t{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct Rate {
  double polls_per_second;
  double cpu_ms_per_poll;
  double floor_ms = 0;  ///< changed case: one bare Gumbo parse of the same bytes, measured between the polls
};

// The floor of a changed page: a bare Gumbo parse of its bytes with the options pages are parsed with (malloc,
// bounded error records). Timed between polls, so that load on the machine weighs on both figures alike.
double bare_parse_seconds(const std::string& bytes) {
  double start = cpu_seconds();
  GumboOutput* out = gumbo_parse_with_options(&nw::parse_options(), bytes.data(), bytes.size());
  gumbo_destroy_output(&nw::parse_options(), out);
  return cpu_seconds() - start;
}

Rate polls_per_second(boost::asio::io_context& io, nw::Service& service, nw::DemoServer& server,
                      const std::string& page, bool change_bytes, double seconds) {
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  double cpu_start = cpu_seconds();
  double floor = 0;
  int polls = 0;
  while (std::chrono::duration<double>(clock::now() - start).count() < seconds) {
    std::string bytes = change_bytes ? page + fmt::format("<!-- {} -->", polls) : std::string();
    if (change_bytes) server.set_page("/page", bytes);
    bool done = false;
    service.crawl_once({}, [&](std::vector<nw::SiteReport>) { done = true; });
    while (!done && io.run_one() > 0) {
    }
    ++polls;
    if (change_bytes) floor += bare_parse_seconds(bytes);
  }
  double wall = std::chrono::duration<double>(clock::now() - start).count();
  return {polls / wall, (cpu_seconds() - cpu_start - floor) * 1000 / polls, floor * 1000 / polls};
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

  const bool only_changed = argc > 2 && std::string_view(argv[2]) == "changed";
  Rate not_modified{}, same_bytes{};
  if (!only_changed) not_modified = polls_per_second(io, *service, server, page, false, seconds);
  server.set_conditional(false);
  if (!only_changed) same_bytes = polls_per_second(io, *service, server, page, false, seconds);
  Rate changed = polls_per_second(io, *service, server, page, true, seconds);
  std::printf("page: NK News homepage fixture, %zu bytes\n", page.size());
  if (!only_changed) {
    std::printf("304 not modified          %6.0f polls/s  %7.3f ms CPU/poll\n", not_modified.polls_per_second,
                not_modified.cpu_ms_per_poll);
    std::printf("200 same bytes (no parse) %6.0f polls/s  %7.3f ms CPU/poll\n", same_bytes.polls_per_second,
                same_bytes.cpu_ms_per_poll);
  }
  std::printf("200 changed (parse+store) %6.0f polls/s  %7.3f ms CPU/poll\n", changed.polls_per_second,
              changed.cpu_ms_per_poll);
  if (!only_changed)
    std::printf("ratio unchanged/changed: 304 %.1fx, same bytes %.1fx\n",
                not_modified.polls_per_second / changed.polls_per_second,
                same_bytes.polls_per_second / changed.polls_per_second);
  std::printf("bare Gumbo parse of the page %.3f ms CPU; a changed poll costs %.2fx that\n", changed.floor_ms,
              changed.cpu_ms_per_poll / changed.floor_ms);
  service->stop();
  service.reset();
  std::filesystem::remove(db);
  std::filesystem::remove(db.string() + "-wal");
  std::filesystem::remove(db.string() + "-shm");
  return 0;
}
