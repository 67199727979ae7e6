// Polls per second of one page served on loopback, through the service's own
// crawl path (store thread, robots off, politeness gap 0, curl multi on Asio,
// parse thread), in three cases measured in one run:
//   304      the server honours If-None-Match: nothing is downloaded or parsed
//   same     a full 200 whose bytes hash like last time: downloaded, not parsed
//   changed  a full 200 with new bytes every time: parsed and stored
//   304 x 50 fifty sites polled at once (304s), as a round of `run` or `once` polls them
// Each case reports polls/s, CPU time per poll (user + system, every thread of the process, the in-process
// server included) and context switches per poll (voluntary + involuntary, from getrusage). The changed case
// is also set against its floor: one bare Gumbo parse of the same bytes (the options pages are parsed with),
// timed between the polls, so that load on the machine weighs on both figures alike; its CPU is not counted
// in the poll's.
// Usage: poll_bench [SECONDS_PER_CASE] [changed]   (default 3; "changed" runs that case alone, for perf record)

#include <gumbo.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string_view>

#include <sys/resource.h>

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

constexpr int k_sites_at_once = 50;

struct Usage {
  double cpu_s = 0;
  long switches = 0;
};

Usage usage_now() {
  rusage r{};
  getrusage(RUSAGE_SELF, &r);  // every thread of the process
  auto seconds = [](timeval t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return Usage{seconds(r.ru_utime) + seconds(r.ru_stime), r.ru_nvcsw + r.ru_nivcsw};
}

struct Figures {
  double polls_per_s = 0;
  double cpu_us_per_poll = 0;
  double switches_per_poll = 0;
  double floor_us = 0;  ///< changed case: one bare Gumbo parse of the same bytes
};

// The floor of a changed page: a bare Gumbo parse of its bytes with the options pages are parsed with (malloc,
// bounded error records).
double bare_parse_seconds(const std::string& bytes) {
  double start = usage_now().cpu_s;
  GumboOutput* out = gumbo_parse_with_options(&nw::parse_options(), bytes.data(), bytes.size());
  gumbo_destroy_output(&nw::parse_options(), out);
  return usage_now().cpu_s - start;
}

/// Crawls `sites` (all when empty) again and again for `seconds`; `site_count` polls per round.
Figures measure(boost::asio::io_context& io, nw::Service& service, nw::DemoServer& server, const std::string& page,
                bool change_bytes, double seconds, const std::vector<std::string>& sites, int site_count) {
  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  Usage before = usage_now();
  long polls = 0;
  double floor = 0;
  while (std::chrono::duration<double>(clock::now() - start).count() < seconds) {
    std::string bytes = change_bytes ? page + fmt::format("<!-- {} -->", polls) : std::string();
    if (change_bytes) server.set_page("/page", bytes);
    bool done = false;
    service.crawl_once(sites, [&](std::vector<nw::SiteReport>) { done = true; });
    while (!done && io.run_one() > 0) {
    }
    polls += site_count;
    if (change_bytes) floor += bare_parse_seconds(bytes);
  }
  Usage after = usage_now();
  double wall = std::chrono::duration<double>(clock::now() - start).count();
  const auto per_poll = static_cast<double>(polls);
  return Figures{polls / wall, (after.cpu_s - before.cpu_s - floor) * 1e6 / per_poll,
                 static_cast<double>(after.switches - before.switches) / per_poll, floor * 1e6 / per_poll};
}

void print(const char* what, const Figures& f) {
  std::printf("%-28s %8.0f polls/s %8.1f us CPU/poll %6.1f switches/poll\n", what, f.polls_per_s, f.cpu_us_per_poll,
              f.switches_per_poll);
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
  // More sites, each its own path on the one loopback host, for the many-at-once case.
  for (int i = 0; i < k_sites_at_once; ++i) {
    server.set_page(fmt::format("/page{}", i), page);
    toml += fmt::format("[[site]]\nname = \"s{}\"\nurl = \"{}\"\nextractor = \"nknews\"\n", i,
                        server.url(fmt::format("/page{}", i)));
  }
  std::vector<std::string> many;
  for (int i = 0; i < k_sites_at_once; ++i) many.push_back(fmt::format("s{}", i));
  auto config = std::make_shared<const nw::Config>(nw::parse_config(toml, "bench.toml", nw::stage_validators()));
  spdlog::set_level(spdlog::level::warn);
  auto service = std::move(*nw::Service::create(io, *nw::make_crawl_context(config)));

  const std::vector<std::string> one{"nknews"};
  const bool only_changed = argc > 2 && std::string_view(argv[2]) == "changed";
  Figures many_304{}, not_modified{}, same_bytes{};
  if (!only_changed) {
    measure(io, *service, server, page, false, 0.2, many, k_sites_at_once);  // baselines and validators first
    many_304 = measure(io, *service, server, page, false, seconds, many, k_sites_at_once);
    not_modified = measure(io, *service, server, page, false, seconds, one, 1);
  }
  server.set_conditional(false);
  if (!only_changed) same_bytes = measure(io, *service, server, page, false, seconds, one, 1);
  Figures changed = measure(io, *service, server, page, true, seconds, one, 1);
  std::printf("page: NK News homepage fixture, %zu bytes\n", page.size());
  if (!only_changed) {
    print("304 not modified", not_modified);
    print("304, 50 sites at once", many_304);
    print("200 same bytes (no parse)", same_bytes);
  }
  print("200 changed (parse+store)", changed);
  if (!only_changed)
    std::printf("ratio unchanged/changed: 304 %.1fx, same bytes %.1fx\n",
                not_modified.polls_per_s / changed.polls_per_s, same_bytes.polls_per_s / changed.polls_per_s);
  std::printf("bare Gumbo parse of the page %.1f us CPU; a changed poll costs %.2fx that\n", changed.floor_us,
              changed.cpu_us_per_poll / changed.floor_us);
  service->stop();
  service.reset();
  std::filesystem::remove(db);
  std::filesystem::remove(db.string() + "-wal");
  std::filesystem::remove(db.string() + "-shm");
  return 0;
}
