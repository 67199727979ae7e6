// The loopback peer of bench/scale.sh: N news sites, each its own host
// (127.1.X.Y, one listening socket per site, all on one port), each a listing
// page of 20 items whose titles come from one shared vocabulary, so story
// grouping and watch matching do real work. A control listener on 127.0.0.1
// (same port) counts and answers webhook POSTs and takes the bench's commands.
//
// It must cost little, since its CPU competes with the process measured: one
// thread, epoll, no keep-alive (each site is its own host, so a crawler's
// connection cache would rarely help anyway), and a site's page is built once
// per version and kept. A conditional GET naming the current ETag gets 304.
//
// Rounds: GET /_advance on the control address gives every tenth site (a
// different tenth each round) two new items at the top of its listing; the
// rest keep answering 304. GET /_stats prints the counters: among them the sites
// polled since the last GET /_mark and the polls beyond each site's first (bench/multi_instance.sh checks
// that several instances sharing the work never poll one site twice in a window), and webhook POSTs whose
// X-Newswatch-Delivery was seen before (an alert delivered twice).
//
// Usage: scale_server SITES    (prints "port P" on stdout once listening)

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "bench/scale_vocabulary.h"

namespace {

constexpr int k_items_per_page = 20;
constexpr int k_new_items_per_change = 2;
constexpr int k_control = -1;  // the listener index of the control address

// The shared vocabulary (bench/scale_vocabulary.h): titles of different sites share some words, and the bench's
// watches match a few items per page.
using newswatch::bench::k_scale_syllables;
using newswatch::bench::k_scale_words;

std::uint64_t mix(std::uint64_t x) {  // splitmix64: a fixed, well-spread word choice per (site, item, slot)
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A word of the long tail: names, places and rarer words that real headlines mostly consist of, made
// of syllables (4,096 of them), so that two unrelated titles share a few common words, not most of them.
std::string rare_word(std::uint64_t seed) {
  std::string out;
  for (int i = 0; i < 3; ++i) out += k_scale_syllables[(seed >> (4 * i)) & 15];
  out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

// `count` words: about a third from the shared vocabulary, the rest from the long tail.
std::string words(std::uint64_t seed, int count) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += ' ';
    std::uint64_t r = mix(seed * 131 + static_cast<std::uint64_t>(i));
    if (r % 3 == 0)
      out += k_scale_words[(r >> 8) % k_scale_words.size()];
    else
      out += rare_word(r >> 8);
  }
  return out;
}

// One item in twenty is a wire story that other sites carry too (one of 200 headlines), so stories group
// items across sites as they do in real news.
std::string title_of(std::uint64_t seed) {
  if (mix(seed ^ 0xabcdef) % 20 == 0) return words(0x77000000 + mix(seed) % 200, 8);
  return words(seed, 6 + static_cast<int>(mix(seed) % 5));
}

std::string slug(std::string_view title) {
  std::string out;
  for (char c : title) out += c == ' ' ? '-' : static_cast<char>(c | 0x20);
  return out;
}

// The parts of a page every site shares: a realistic amount of navigation and
// footer around the listing (~40 KB a page in all), built once.
std::string chrome_head() {
  std::string out =
      "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Latest news</title>"
      "<link rel=\"stylesheet\" href=\"/static/site.css\"><style>";
  for (int i = 0; i < 120; ++i) out += fmt::format(".c{0}{{margin:{0}px;padding:{0}px}}", i);
  out += "</style></head><body><header class=\"site-header\"><nav class=\"menu\"><ul>";
  for (int i = 0; i < 80; ++i) out += fmt::format("<li><a href=\"/section/{0}/\">Section {0}</a></li>", i);
  out += "</ul></nav></header><main id=\"content\"><h1>Latest news</h1><div class=\"river\">";
  return out;
}

std::string chrome_tail() {
  std::string out = "</div></main><aside class=\"sidebar\"><h3>Most read</h3><ul>";
  for (int i = 0; i < 10; ++i) out += fmt::format("<li><a href=\"/popular/{0}\">{1}</a></li>", i, words(1000 + i, 5));
  out += "</ul></aside><footer><ul>";
  for (int i = 0; i < 60; ++i) out += fmt::format("<li><a href=\"/about/{0}\">About page {0}</a></li>", i);
  out += "</ul><p>Copyright</p></footer><script>";
  for (int i = 0; i < 150; ++i) out += fmt::format("window.cfg{0}={{id:{0},on:true,name:\"module-{0}\"}};", i);
  out += "</script></body></html>";
  return out;
}

std::string item_html(int site, int id) {
  std::uint64_t seed = static_cast<std::uint64_t>(site) * 1000003ULL + static_cast<std::uint64_t>(id);
  std::string title = title_of(seed);
  int day = 1 + id % 28;
  return fmt::format(
      "<article class=\"card\"><h2><a href=\"/news/2026/03/{0:02}/{1}-{2}\">{3}</a></h2>"
      "<p class=\"summary\">{4}.</p><time datetime=\"2026-03-{0:02}T{5:02}:{6:02}:00Z\">March {0}, 2026</time>"
      "</article>\n",
      day, slug(title), id, title, words(seed ^ 0x5555, 24), id % 24, id % 60);
}

struct Site {
  int polls = 0;     // page requests since the last /_mark (several instances must not poll one site twice)
  int version = 0;   // how many times it gained new items
  int built = -1;    // the version `response` holds
  std::string etag;  // "\"s<site>-v<version>\""
  // Shared with the connections still sending it, so a new version never changes bytes being sent.
  std::shared_ptr<const std::string> response;
};

struct Counters {
  std::uint64_t pages_200 = 0;
  std::uint64_t pages_304 = 0;
  std::uint64_t webhooks = 0;
  std::uint64_t webhook_duplicates = 0;  // a delivery id seen before: an alert sent twice
  std::uint64_t other = 0;
  int rounds = 0;
};

struct Server {
  std::vector<Site> sites;
  std::string head = chrome_head();
  std::string tail = chrome_tail();
  Counters counters;
  std::unordered_set<std::string> delivery_ids;

  /// Sites polled at least once since the last /_mark, and the polls beyond each one's first.
  std::pair<std::uint64_t, std::uint64_t> poll_spread() const {
    std::uint64_t polled = 0, repeats = 0;
    for (const Site& site : sites) {
      if (site.polls > 0) ++polled;
      if (site.polls > 1) repeats += static_cast<std::uint64_t>(site.polls - 1);
    }
    return {polled, repeats};
  }

  std::shared_ptr<const std::string> page(int index) {
    Site& site = sites[index];
    if (site.built == site.version) return site.response;
    site.etag = fmt::format("\"s{}-v{}\"", index, site.version);
    std::string body = head;
    int newest = k_items_per_page - 1 + site.version * k_new_items_per_change;
    for (int id = newest; id > newest - k_items_per_page; --id) body += item_html(index, id);
    body += tail;
    std::string response = fmt::format(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nETag: {}\r\n"
        "Last-Modified: Sun, 01 Mar 2026 00:{:02}:00 GMT\r\nConnection: close\r\n\r\n",
        body.size(), site.etag, site.version % 60);
    response += body;
    site.response = std::make_shared<const std::string>(std::move(response));
    site.built = site.version;
    return site.response;
  }

  void advance() {
    int tenth = counters.rounds % 10;
    for (std::size_t i = 0; i < sites.size(); ++i)
      if (static_cast<int>(i % 10) == tenth) ++sites[i].version;
    ++counters.rounds;
  }
};

std::string small(int status, std::string_view reason, std::string_view body) {
  return fmt::format("HTTP/1.1 {} {}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                     status, reason, body.size(), body);
}

std::string header_value(std::string_view request, std::string_view name) {
  // Header names are matched case-insensitively; a bench peer needs no more.
  for (std::size_t at = request.find("\r\n"); at != std::string_view::npos; at = request.find("\r\n", at + 2)) {
    std::string_view line = request.substr(at + 2, request.find("\r\n", at + 2) - at - 2);
    if (line.size() <= name.size() || line[name.size()] != ':') continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) same = (line[i] | 0x20) == (name[i] | 0x20);
    if (!same) continue;
    std::string_view value = line.substr(name.size() + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    return std::string(value);
  }
  return {};
}

struct Connection {
  int fd = -1;
  int site = 0;  // or k_control
  std::string in;
  std::string out;                            // an answer of its own (control, 304)
  std::shared_ptr<const std::string> shared;  // or a site's cached page
  std::size_t sent = 0;
  bool answering = false;
};

// Returns the answer to a complete request, or nothing while more bytes are needed.
bool answer(Server& server, Connection& c) {
  std::size_t end = c.in.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string_view request(c.in.data(), end + 2);
  std::size_t body_length = std::strtoul(header_value(request, "Content-Length").c_str(), nullptr, 10);
  if (c.in.size() < end + 4 + body_length) return false;
  bool post = request.starts_with("POST ");
  std::string_view target = request.substr(request.find(' ') + 1);
  target = target.substr(0, target.find(' '));
  if (c.site == k_control) {
    if (post) {
      ++server.counters.webhooks;
      std::string id = header_value(request, "X-Newswatch-Delivery");
      if (!id.empty() && !server.delivery_ids.insert(id).second) ++server.counters.webhook_duplicates;
      c.out = small(200, "OK", "ok");
    } else if (target == "/_advance") {
      server.advance();
      c.out = small(200, "OK", fmt::format("round {}\n", server.counters.rounds));
    } else if (target == "/_mark") {
      for (Site& site : server.sites) site.polls = 0;
      c.out = small(200, "OK", "marked\n");
    } else if (target == "/_stats") {
      const Counters& n = server.counters;
      const auto [polled, repeats] = server.poll_spread();
      c.out = small(
          200, "OK",
          fmt::format("pages_200 {}\npages_304 {}\nwebhooks {}\nwebhook_duplicates {}\nother {}\n"
                      "rounds {}\nsites_polled {}\nrepeat_polls {}\n",
                      n.pages_200, n.pages_304, n.webhooks, n.webhook_duplicates, n.other, n.rounds, polled, repeats));
    } else {
      ++server.counters.other;
      c.out = small(404, "Not Found", "not found\n");
    }
  } else if (target == "/news/") {
    ++server.sites[c.site].polls;
    std::shared_ptr<const std::string> page = server.page(c.site);
    if (header_value(request, "If-None-Match") == server.sites[c.site].etag) {
      ++server.counters.pages_304;
      c.out =
          fmt::format("HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n", server.sites[c.site].etag);
    } else {
      ++server.counters.pages_200;
      c.shared = std::move(page);
    }
  } else {
    ++server.counters.other;
    c.out = small(404, "Not Found", "not found\n");
  }
  c.answering = true;
  return true;
}

std::string site_address(int index) {  // 127.1.0.1 .. 127.1.0.250, 127.1.1.1 ...
  return fmt::format("127.1.{}.{}", index / 250, index % 250 + 1);
}

int listen_on(const std::string& address, std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, address.c_str(), &sa.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, 512) != 0) {
    std::fprintf(stderr, "scale_server: cannot listen on %s:%u: %s\n", address.c_str(), port, std::strerror(errno));
    std::exit(1);
  }
  return fd;
}

}  // namespace

int main(int argc, char** argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 0;
  if (count < 1 || count > 62500) {
    std::fprintf(stderr, "usage: scale_server SITES   (1..62500)\n");
    return 2;
  }
  Server server;
  server.sites.resize(count);
  int epoll = ::epoll_create1(EPOLL_CLOEXEC);
  // Listener tags are negative in the epoll data (-2 - index; control is -1), connections are their fd.
  int control = listen_on("127.0.0.1", 0);
  sockaddr_in bound{};
  socklen_t length = sizeof bound;
  ::getsockname(control, reinterpret_cast<sockaddr*>(&bound), &length);
  std::uint16_t port = ntohs(bound.sin_port);
  std::vector<int> listeners;  // index -> fd, control first
  listeners.push_back(control);
  for (int i = 0; i < count; ++i) listeners.push_back(listen_on(site_address(i), port));
  for (std::size_t i = 0; i < listeners.size(); ++i) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = (1ULL << 63) | i;
    ::epoll_ctl(epoll, EPOLL_CTL_ADD, listeners[i], &ev);
  }
  std::printf("port %u\n", port);
  std::fflush(stdout);

  std::vector<Connection> connections;  // by fd
  std::array<epoll_event, 256> events;
  char buffer[16384];
  for (;;) {
    int ready = ::epoll_wait(epoll, events.data(), static_cast<int>(events.size()), -1);
    if (ready < 0 && errno == EINTR) continue;
    for (int e = 0; e < ready; ++e) {
      std::uint64_t tag = events[e].data.u64;
      if (tag >> 63) {  // a listener: accept everything waiting
        std::size_t index = tag & ~(1ULL << 63);
        for (;;) {
          int fd = ::accept4(listeners[index], nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (fd < 0) break;
          if (static_cast<std::size_t>(fd) >= connections.size()) connections.resize(fd + 1024);
          connections[fd] = Connection{};
          connections[fd].fd = fd;
          connections[fd].site = index == 0 ? k_control : static_cast<int>(index - 1);
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.u64 = static_cast<std::uint64_t>(fd);
          ::epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev);
        }
        continue;
      }
      Connection& c = connections[tag];
      bool close = false;
      if (!c.answering) {
        ssize_t got = ::read(c.fd, buffer, sizeof buffer);
        if (got <= 0) {
          close = got == 0 || (errno != EAGAIN && errno != EINTR);
        } else {
          c.in.append(buffer, static_cast<std::size_t>(got));
          if (answer(server, c)) {
            epoll_event ev{};
            ev.events = EPOLLOUT;
            ev.data.u64 = tag;
            ::epoll_ctl(epoll, EPOLL_CTL_MOD, c.fd, &ev);
          }
        }
      } else {
        const std::string& out = c.shared ? *c.shared : c.out;
        ssize_t put = ::write(c.fd, out.data() + c.sent, out.size() - c.sent);
        if (put > 0) c.sent += static_cast<std::size_t>(put);
        close = c.sent == out.size() || (put < 0 && errno != EAGAIN && errno != EINTR);
      }
      if (close) {
        ::close(c.fd);  // closing removes it from the epoll set
        c = Connection{};
      }
    }
  }
}
