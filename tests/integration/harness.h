#pragma once
// The end-to-end harness: a fixture HTTP server playing the three sites, a
// webhook receiver, a temporary config and database, and the real newswatch
// binary run as a child process (so exit codes, signals and crashes are real).

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/files.h"
#include "tests/support/peer.h"

namespace newswatch::test {

/// What one run of the binary produced.
struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest();

  /// Serves the "before" pages of the three sites.
  void serve_before_pages();
  /// Replaces every site's page with its "after" version (new stories).
  void serve_after_pages();
  /// Writes the config; `extra` is appended (more sites, watches, notifiers).
  void write_config(const std::string& extra = "", const std::string& service_extra = "");
  /// The common start of a test: a baseline `once`, then the after pages and a second `once`, whose
  /// result is returned (both runs must exit 0; a failure is reported).
  RunResult crawl_baseline_then_new_items(const std::vector<std::string>& second_args = {"once"});
  /// Runs `newswatch <args> -c config` to completion.
  RunResult newswatch(const std::vector<std::string>& args);
  /// The webhook POSTs received so far (JSON objects: path, headers, body, answered).
  nlohmann::json received();
  /// Received POSTs answered 2xx, with bodies parsed.
  std::vector<nlohmann::json> delivered();
  void set_receiver_mode(const std::string& mode);

  TempDir m_dir;
  Peer m_site;
  Peer m_receiver;
  std::string m_config;
  std::string m_database;
};

/// Runs the binary with `args`; waits for it.
RunResult run_binary(const std::vector<std::string>& args, const std::string& work_dir);

}  // namespace newswatch::test
