#pragma once
// A typed reader over one TOML table that records problems instead of
// stopping at the first. Each accessor checks the value's type (and range:
// integers by parameter, durations and sizes by their row in config/limits.h),
// reports a located diagnostic when it is wrong
// and returns nullopt, so the loader keeps going and the user sees every
// problem in one run. The reader knows the table's allowed keys, so a typo
// ("intervall") is reported at the key with the nearest allowed key.
// Internal to config/: nothing outside the folder includes it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "config/config.h"

namespace newswatch::config_detail {

/// The problems found so far in one file.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : m_file(std::move(file)) {}
  /// Records MESSAGE at the start of `at`.
  void error(const toml::source_position& at, std::string message);
  void error(const toml::source_region& at, std::string message) { error(at.begin, std::move(message)); }
  /// Records a warning: reported with the loaded config, never fatal.
  void warning(const toml::source_position& at, std::string message);
  bool empty() const noexcept { return m_list.empty(); }
  const std::string& file() const noexcept { return m_file; }
  /// Every diagnostic, ordered by position (stable for equal positions).
  std::vector<ConfigDiagnostic> take();
  /// Every warning, ordered by position.
  std::vector<ConfigDiagnostic> take_warnings();

 private:
  std::string m_file;
  std::vector<ConfigDiagnostic> m_list;
  std::vector<ConfigDiagnostic> m_warnings;
};

/// "string", "integer", "table", ... for "must be X, got Y" messages.
std::string_view type_name(const toml::node& node);

class TableReader {
 public:
  /// Reads `table`, described in messages as `context` (e.g. "[[site]]"); `known` are its allowed keys.
  TableReader(const toml::table& table, std::string context, std::vector<std::string_view> known, Diagnostics& diags);

  /// The raw node under key, or nullptr.
  const toml::node* find(std::string_view key) const { return m_table.get(key); }
  /// Where key's value sits, or the table itself when the key is absent.
  toml::source_position where(std::string_view key) const;
  const toml::table& table() const noexcept { return m_table; }
  const std::string& context() const noexcept { return m_context; }
  Diagnostics& diagnostics() noexcept { return m_diags; }

  /// A string value; reports a wrong type, an empty string, and (when required) absence.
  std::optional<std::string> string(std::string_view key, bool required = false);
  /// An integer in [lo, hi].
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t lo, std::int64_t hi);
  std::optional<bool> boolean(std::string_view key);
  /// A duration string within key's row of k_duration_limits (a key without a row is a bug: std::logic_error).
  std::optional<Seconds> duration(std::string_view key);
  /// A byte size ("8MB" or an integer) within key's row of k_size_limits (no row: std::logic_error).
  std::optional<std::size_t> byte_size(std::string_view key);
  /// An array of non-empty strings.
  std::optional<std::vector<std::string>> strings(std::string_view key, bool required = false);
  /// A sub-table.
  const toml::table* subtable(std::string_view key);

  /// Records MESSAGE at key's value (or the table when absent).
  void error(std::string_view key, std::string message);
  /// Records "missing required key 'KEY' in CONTEXT" at the table.
  void missing(std::string_view key);
  /// Reports every key of the table that is not in `known`, suggesting the nearest known key.
  void report_unknown_keys();

 private:
  bool check_type(std::string_view key, const toml::node& node, toml::node_type want, std::string_view want_name);

  const toml::table& m_table;
  std::string m_context;
  std::vector<std::string_view> m_known;
  Diagnostics& m_diags;
};

}  // namespace newswatch::config_detail
