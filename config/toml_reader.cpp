#include "config/toml_reader.h"

#include <fmt/format.h>
#include <algorithm>
#include <stdexcept>

#include "config/limits.h"
#include "config/nearest_word.h"

namespace newswatch::config_detail {

void Diagnostics::error(const toml::source_position& at, std::string message) {
  m_list.push_back(
      ConfigDiagnostic{m_file, static_cast<int>(at.line), static_cast<int>(at.column), std::move(message)});
}

void Diagnostics::warning(const toml::source_position& at, std::string message) {
  m_warnings.push_back(
      ConfigDiagnostic{m_file, static_cast<int>(at.line), static_cast<int>(at.column), std::move(message), true});
}

namespace {

std::vector<ConfigDiagnostic> by_position(std::vector<ConfigDiagnostic> list) {
  std::stable_sort(list.begin(), list.end(), [](const ConfigDiagnostic& a, const ConfigDiagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return list;
}

}  // namespace

std::vector<ConfigDiagnostic> Diagnostics::take() {
  return by_position(std::move(m_list));
}

std::vector<ConfigDiagnostic> Diagnostics::take_warnings() {
  return by_position(std::move(m_warnings));
}

std::string_view type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "table";
    case toml::node_type::array: return "array";
    case toml::node_type::string: return "string";
    case toml::node_type::integer: return "integer";
    case toml::node_type::floating_point: return "float";
    case toml::node_type::boolean: return "boolean";
    case toml::node_type::date: return "date";
    case toml::node_type::time: return "time";
    case toml::node_type::date_time: return "date-time";
    default: return "nothing";
  }
}

TableReader::TableReader(const toml::table& table, std::string context, std::vector<std::string_view> known,
                         Diagnostics& diags)
    : m_table(table), m_context(std::move(context)), m_known(std::move(known)), m_diags(diags) {}

toml::source_position TableReader::where(std::string_view key) const {
  const toml::node* node = find(key);
  return node ? node->source().begin : m_table.source().begin;
}

void TableReader::error(std::string_view key, std::string message) {
  m_diags.error(where(key), std::move(message));
}

void TableReader::missing(std::string_view key) {
  m_diags.error(m_table.source().begin, fmt::format("missing required key '{}' in {}", key, m_context));
}

bool TableReader::check_type(std::string_view key, const toml::node& node, toml::node_type want,
                             std::string_view want_name) {
  if (node.type() == want) return true;
  m_diags.error(node.source(), fmt::format("'{}' must be {}, got {}", key, want_name, type_name(node)));
  return false;
}

std::optional<std::string> TableReader::string(std::string_view key, bool required) {
  const toml::node* node = find(key);
  if (!node) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (!check_type(key, *node, toml::node_type::string, "a string")) return std::nullopt;
  std::string value = node->as_string()->get();
  if (value.empty()) {
    m_diags.error(node->source(), fmt::format("'{}' must not be empty", key));
    return std::nullopt;
  }
  return value;
}

std::optional<std::int64_t> TableReader::integer(std::string_view key, std::int64_t lo, std::int64_t hi) {
  const toml::node* node = find(key);
  if (!node || !check_type(key, *node, toml::node_type::integer, "an integer")) return std::nullopt;
  const std::int64_t value = node->as_integer()->get();
  if (value < lo || value > hi) {
    m_diags.error(node->source(), fmt::format("'{}' must be between {} and {}, got {}", key, lo, hi, value));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> TableReader::boolean(std::string_view key) {
  const toml::node* node = find(key);
  if (!node || !check_type(key, *node, toml::node_type::boolean, "a boolean (true or false)")) return std::nullopt;
  return node->as_boolean()->get();
}

std::optional<Seconds> TableReader::duration(std::string_view key) {
  const DurationLimit* limit = find_duration_limit(key);
  if (!limit) throw std::logic_error(fmt::format("config key '{}' has no row in k_duration_limits", key));
  const toml::node* node = find(key);
  if (!node || !check_type(key, *node, toml::node_type::string, "a duration string such as \"10m\"")) {
    return std::nullopt;
  }
  const std::string& text = node->as_string()->get();
  const std::optional<Seconds> value = parse_duration(text);
  if (!value) {
    m_diags.error(node->source(), fmt::format("bad duration '{}' (use e.g. \"90s\", \"10m\", \"1h\", \"1d\")", text));
    return std::nullopt;
  }
  if (*value < limit->min || *value > limit->max) {
    m_diags.error(node->source(), fmt::format("{} \"{}\" is out of range ({}..{})", key, text,
                                              format_duration(limit->min), format_duration(limit->max)));
    return std::nullopt;
  }
  return value;
}

std::optional<std::size_t> TableReader::byte_size(std::string_view key) {
  const SizeLimit* limit = find_size_limit(key);
  if (!limit) throw std::logic_error(fmt::format("config key '{}' has no row in k_size_limits", key));
  const toml::node* node = find(key);
  if (!node) return std::nullopt;
  const auto out_of_range = [&](std::string_view written) {
    m_diags.error(node->source(), fmt::format("{} {} is out of range ({}..{})", key, written,
                                              format_byte_size(limit->min), format_byte_size(limit->max)));
    return std::nullopt;
  };
  if (const auto* integer = node->as_integer()) {
    const std::int64_t value = integer->get();
    if (value < 0 || static_cast<std::uint64_t>(value) < limit->min || static_cast<std::uint64_t>(value) > limit->max)
      return out_of_range(std::to_string(value));
    return static_cast<std::size_t>(value);
  }
  if (!node->is_string()) {
    m_diags.error(node->source(), fmt::format("'{}' must be a size such as \"8MB\", got {}", key, type_name(*node)));
    return std::nullopt;
  }
  const std::string& text = node->as_string()->get();
  const std::optional<std::size_t> bytes = parse_byte_size(text);
  if (!bytes) {
    m_diags.error(node->source(),
                  fmt::format("bad size '{}' (use e.g. \"8MB\", \"512KB\" or a number of bytes)", text));
    return std::nullopt;
  }
  if (*bytes < limit->min || *bytes > limit->max) return out_of_range(fmt::format("\"{}\"", text));
  return bytes;
}

std::optional<std::vector<std::string>> TableReader::strings(std::string_view key, bool required) {
  const toml::node* node = find(key);
  if (!node) {
    if (required) missing(key);
    return std::nullopt;
  }
  if (!check_type(key, *node, toml::node_type::array, "an array of strings")) return std::nullopt;
  std::vector<std::string> values;
  bool ok = true;
  for (const toml::node& element : *node->as_array()) {
    if (!element.is_string()) {
      m_diags.error(element.source(), fmt::format("'{}' must hold only strings, got {}", key, type_name(element)));
      ok = false;
    } else if (element.as_string()->get().empty()) {
      m_diags.error(element.source(), fmt::format("'{}' must not hold an empty string", key));
      ok = false;
    } else {
      values.push_back(element.as_string()->get());
    }
  }
  if (!ok) return std::nullopt;
  return values;
}

const toml::table* TableReader::subtable(std::string_view key) {
  const toml::node* node = find(key);
  if (!node || !check_type(key, *node, toml::node_type::table, "a table")) return nullptr;
  return node->as_table();
}

void TableReader::report_unknown_keys() {
  for (auto&& [key, value] : m_table) {
    if (std::find(m_known.begin(), m_known.end(), key.str()) != m_known.end()) continue;
    std::string message = fmt::format("unknown key '{}' in {}", key.str(), m_context);
    const std::string suggestion = nearest_word(key.str(), m_known);
    if (!suggestion.empty()) message += fmt::format(" (did you mean '{}'?)", suggestion);
    m_diags.error(key.source(), std::move(message));
  }
}

}  // namespace newswatch::config_detail
