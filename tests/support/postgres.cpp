#include "tests/support/postgres.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "config/c_handle.h"

namespace newswatch::test {
namespace {

using PgConnection = std::unique_ptr<PGconn, Free<PQfinish>>;
using PgResult = std::unique_ptr<PGresult, Free<PQclear>>;

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

/// What pg_cluster.sh left in NEWSWATCH_TEST_PG_DIR: the server's address, or why there is none.
struct ClusterInfo {
  std::string skip;                        // not installed, or not run through ctest: the test skips
  std::string failure;                     // installed but not started: the test fails
  std::map<std::string, std::string> env;  // cluster.env: host, port, user
};

ClusterInfo read_cluster() {
  ClusterInfo info;
  const char* dir_env = std::getenv("NEWSWATCH_TEST_PG_DIR");
  if (dir_env == nullptr || *dir_env == '\0') {
    info.skip =
        "NEWSWATCH_TEST_PG_DIR is not set: run this test through ctest, whose fixture PostgresCluster.Start "
        "starts the PostgreSQL server";
    return info;
  }
  const std::filesystem::path dir(dir_env);
  if (std::filesystem::exists(dir / "not_installed")) {
    info.skip = file_text(dir / "not_installed");
    return info;
  }
  if (std::filesystem::exists(dir / "start_failed")) {
    info.failure = file_text(dir / "start_failed");
    return info;
  }
  std::ifstream in(dir / "cluster.env");
  if (!in) {
    info.failure = "the PostgreSQL test cluster did not start: no " + (dir / "cluster.env").string() +
                   " (PostgresCluster.Start has not run, or PostgresCluster.Stop already ran)";
    return info;
  }
  for (std::string line; std::getline(in, line);) {
    if (auto eq = line.find('='); eq != std::string::npos) info.env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return info;
}

/// "nw_test_<pid>_<n>_<random>": unique across the test processes ctest runs at once and across runs.
std::string unique_name() {
  static std::atomic<unsigned> counter{0};
  std::random_device random;
  std::ostringstream name;
  name << "nw_test_" << ::getpid() << '_' << counter++ << '_' << std::hex << random();
  return name.str();
}

/// `text` for a URI's query value: everything but unreserved characters and '/' percent-encoded.
std::string uri_encoded(const std::string& text) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 15];
    }
  }
  return out;
}

PgConnection connect(const std::string& uri) {
  PgConnection connection(PQconnectdb(uri.c_str()));
  if (!connection) throw std::runtime_error("PQconnectdb " + uri + ": out of memory");
  if (PQstatus(connection.get()) != CONNECTION_OK) {
    throw std::runtime_error("cannot connect to " + uri + ": " + PQerrorMessage(connection.get()));
  }
  return connection;
}

/// Runs `sql`; throws with the server's message unless it succeeded.
PgResult execute(PGconn* connection, const std::string& sql) {
  PgResult result(PQexec(connection, sql.c_str()));
  auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error("PostgreSQL: " + std::string(PQerrorMessage(connection)) + "in: " + sql);
  }
  return result;
}

/// Waits (at most ~2 s) until no session is connected to `name`. DROP DATABASE ... WITH (FORCE) ends sessions
/// itself, but finds a session that has just closed still exiting and then sleeps 100 ms before it looks again:
/// waiting here first makes a drop take 25 ms instead of 100 (measured on PostgreSQL 15).
void wait_for_sessions_to_end(PGconn* admin, const std::string& name) {
  const std::string count = "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + name + "'";
  for (int attempt = 0; attempt < 2000; ++attempt) {
    PgResult result = execute(admin, count);
    if (PQntuples(result.get()) == 1 && std::string(PQgetvalue(result.get(), 0, 0)) == "0") return;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

void PostgresDatabase::Finish::operator()(pg_conn* connection) const noexcept {
  PQfinish(connection);
}

std::optional<std::string> PostgresDatabase::unavailable() {
  ClusterInfo info = read_cluster();
  if (info.skip.empty()) return std::nullopt;
  return info.skip;
}

PostgresDatabase::PostgresDatabase() : m_name(unique_name()) {
  ClusterInfo info = read_cluster();
  if (!info.skip.empty()) throw std::runtime_error(info.skip);
  if (!info.failure.empty()) throw std::runtime_error(info.failure);
  const std::string host = uri_encoded(info.env["host"]);  // the socket's folder: a path of the build tree
  const std::string& port = info.env["port"];
  const std::string& user = info.env["user"];
  m_uri = "postgresql://" + user + "@/" + m_name + "?host=" + host + "&port=" + port;
  m_tcp_uri = "postgresql://" + user + "@127.0.0.1:" + port + "/" + m_name;
  m_admin_uri = "postgresql://" + user + "@/postgres?host=" + host + "&port=" + port + "&connect_timeout=30";
  PgConnection admin = connect(m_admin_uri);
  // template0 has no connections, so any number of tests may copy it at the same time (template1 may not be
  // copied while someone is connected to it). PostgreSQL 15 copies through the WAL by default; copying the
  // files was 1.5-2.6x faster with four tests creating databases at once (their default before 15).
  const char* strategy = PQserverVersion(admin.get()) >= 150000 ? " STRATEGY FILE_COPY" : "";
  execute(admin.get(), "CREATE DATABASE \"" + m_name + "\" TEMPLATE template0" + strategy);
}

PostgresDatabase::~PostgresDatabase() {
  m_connection.reset();
  try {
    PgConnection admin = connect(m_admin_uri);
    wait_for_sessions_to_end(admin.get(), m_name);
    // FORCE ends the connections the code under test still holds (a test that failed midway, a leak).
    execute(admin.get(), "DROP DATABASE IF EXISTS \"" + m_name + "\" WITH (FORCE)");
  } catch (const std::exception& error) {
    // The cluster is thrown away after the run: a database left behind costs disk, never a wrong result.
    spdlog::warn("test database not dropped name={} error={}", m_name, error.what());
  }
}

std::optional<std::string> PostgresDatabase::query_value(const std::string& sql) const {
  if (!m_connection) m_connection.reset(connect(m_uri).release());
  PgResult result = execute(m_connection.get(), sql);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) == 0 || PQnfields(result.get()) == 0 ||
      PQgetisnull(result.get(), 0, 0)) {
    return std::nullopt;
  }
  return std::string(PQgetvalue(result.get(), 0, 0));
}

}  // namespace newswatch::test
