#include "tests/support/peer.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <ctime>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "net/curl_handles.h"

extern char** environ;

namespace newswatch::test {
namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Reads the child's stdout until a full "PORT n" line, EOF or `deadline`.
int read_port_line(int fd, std::chrono::steady_clock::time_point deadline, std::string& seen) {
  while (true) {
    if (auto nl = seen.find('\n'); nl != std::string::npos) {
      if (seen.starts_with("PORT ")) return std::atoi(seen.c_str() + 5);
      seen.erase(0, nl + 1);  // ignore anything printed before the PORT line
      continue;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return -1;
    pollfd pfd{fd, POLLIN, 0};
    if (int ready = ::poll(&pfd, 1, static_cast<int>(left.count())); ready < 0 && errno != EINTR) return -1;
    if (pfd.revents == 0) continue;
    char buffer[256];
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got == 0) return -1;  // the peer exited
    if (got > 0) seen.append(buffer, static_cast<size_t>(got));
  }
}

/// Spawns argv with stdin/stdout on the given pipe ends and stderr to a file.
pid_t spawn(const std::vector<std::string>& argv, int child_stdin, int child_stdout, const std::string& stderr_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_stdin, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, child_stdout, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed: " + std::strerror(rc));
  return pid;
}

}  // namespace

Peer::Peer(std::string script, std::vector<std::string> args, std::chrono::milliseconds startup)
    : m_script(std::move(script)) {
  int in_pipe[2], out_pipe[2];
  if (::pipe2(in_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
    ::close(in_pipe[0]), ::close(in_pipe[1]);
    throw std::runtime_error("pipe2 failed");
  }
  char stderr_template[] = "/tmp/newswatch-peer-XXXXXX";
  int stderr_fd = ::mkstemp(stderr_template);
  if (stderr_fd >= 0) ::close(stderr_fd);
  m_stderr_path = stderr_template;

  std::vector<std::string> argv{NEWSWATCH_PYTHON, std::string(NEWSWATCH_SOURCE_DIR) + "/tests/support/" + m_script};
  argv.insert(argv.end(), args.begin(), args.end());
  try {
    m_pid = spawn(argv, in_pipe[0], out_pipe[1], m_stderr_path);
  } catch (...) {
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1]}) ::close(fd);
    throw;
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  m_stdin = in_pipe[1];
  std::string seen;
  m_port = read_port_line(out_pipe[0], std::chrono::steady_clock::now() + startup, seen);
  ::close(out_pipe[0]);  // peers print nothing after the PORT line
  if (m_port <= 0) {
    std::string message = "peer " + m_script + " did not print 'PORT n' within " + std::to_string(startup.count()) +
                          " ms; stdout: '" + seen + "'; stderr:\n";
    stop();
    throw std::runtime_error(message + stderr_text());
  }
}

Peer::~Peer() {
  stop();
  ::unlink(m_stderr_path.c_str());
}

void Peer::stop() noexcept {
  if (m_stdin >= 0) ::close(m_stdin);  // peers exit on stdin EOF too
  m_stdin = -1;
  if (m_pid <= 0) return;
  ::kill(m_pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {  // up to ~3 s for a clean exit
    if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) {
      m_pid = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  ::kill(m_pid, SIGKILL);
  ::waitpid(m_pid, nullptr, 0);
  m_pid = -1;
}

std::string Peer::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(m_port) + std::string(path);
}

std::string Peer::stderr_text() const {
  return read_all(m_stderr_path);
}

namespace {

size_t append_body(char* data, size_t size, size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

std::string blocking_request(const std::string& method, const std::string& url, std::string_view body) {
  curl_global_once();
  CurlEasy easy(curl_easy_init());
  if (!easy) throw std::runtime_error("curl_easy_init failed");
  std::string answer;
  curl_easy_setopt(easy.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy.get(), CURLOPT_TIMEOUT, 10L);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(easy.get(), CURLOPT_WRITEDATA, &answer);
  if (method != "GET") {
    curl_easy_setopt(easy.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(easy.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(easy.get(), CURLOPT_COPYPOSTFIELDS, std::string(body).c_str());
  }
  if (CURLcode rc = curl_easy_perform(easy.get()); rc != CURLE_OK) {
    throw std::runtime_error(method + " " + url + " failed: " + curl_easy_strerror(rc));
  }
  long status = 0;
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status >= 400)
    throw std::runtime_error(method + " " + url + " answered " + std::to_string(status) + ": " + answer);
  return answer;
}

}  // namespace

std::string http_get(const std::string& url) {
  return blocking_request("GET", url, {});
}

std::string http_post(const std::string& url, std::string_view body) {
  return blocking_request("POST", url, body);
}

std::string http_put(const std::string& url, std::string_view body) {
  return blocking_request("PUT", url, body);
}

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string iso_ago(std::int64_t seconds) {
  const std::time_t t = std::time(nullptr) - seconds;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace newswatch::test
