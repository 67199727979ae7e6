#pragma once
// Other processes beside the one under test: the newswatch binary in the
// background, and Python's sqlite3 writing to or locking the database, as a
// user's tool or a second service would.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/files.h"

extern char** environ;

namespace newswatch::test {

/// Polls `done` until it holds; the limit is only a hang guard, never a timing assumption.
inline bool eventually(const std::function<bool()>& done, std::chrono::seconds guard = std::chrono::seconds(90)) {
  auto deadline = std::chrono::steady_clock::now() + guard;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

/// The newswatch binary started in the background, its stderr in a file; killed if the test leaves it running.
class Background {
 public:
  Background(const std::vector<std::string>& args, std::string log) : m_log(std::move(log)) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, m_log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> full{NEWSWATCH_BINARY};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawn(&m_pid, NEWSWATCH_BINARY, &actions, nullptr, argv.data(), environ) != 0) m_pid = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Background() {
    if (m_pid > 0) stop(SIGKILL);
  }
  std::string log() const { return read_file(m_log); }
  bool exited() {
    if (m_pid <= 0) return true;
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) != m_pid) return false;
    m_exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    m_pid = -1;
    return true;
  }
  /// The process id while it runs (-1 once reaped).
  pid_t pid() const { return m_pid; }
  /// The exit status once exited() said so (128 + N for signal N); -1 before.
  int exit_code() const { return m_exit_code; }
  void signal(int signal) {
    if (m_pid > 0) kill(m_pid, signal);
  }
  void stop(int signal) {
    if (m_pid <= 0) return;
    kill(m_pid, signal);
    waitpid(m_pid, nullptr, 0);
    m_pid = -1;
  }

 private:
  std::string m_log;
  pid_t m_pid = -1;
  int m_exit_code = -1;
};

/// Runs one SQL script on `db` with Python's sqlite3 (another process, like a user's tool).
inline void run_sql(const std::string& db, const std::string& sql) {
  std::string command = std::string(NEWSWATCH_PYTHON) +
                        " -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); "
                        "c.commit()' '" +
                        db + "' \"" + sql + "\"";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

/// Another process holding the database's write lock (BEGIN EXCLUSIVE) until release() or destruction.
class WriteLock {
 public:
  WriteLock(const std::string& db, const std::string& marker) : m_marker(marker) {
    std::string command = std::string(NEWSWATCH_PYTHON) +
                          " -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); "
                          "c.execute(\"BEGIN EXCLUSIVE\"); open(sys.argv[2], \"w\").write(\"locked\"); "
                          "sys.stdin.readline(); c.execute(\"COMMIT\")' '" +
                          db + "' '" + marker + "'";
    m_pipe = popen(command.c_str(), "w");
  }
  ~WriteLock() { release(); }
  bool held() const { return m_pipe != nullptr && std::ifstream(m_marker).good(); }
  void release() {
    if (!m_pipe) return;
    std::fputs("\n", m_pipe);
    pclose(m_pipe);  // the script commits, then exits
    m_pipe = nullptr;
  }

 private:
  std::string m_marker;
  FILE* m_pipe = nullptr;
};

}  // namespace newswatch::test
