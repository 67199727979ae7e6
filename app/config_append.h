#pragma once
// Adding a [[site]] block to a config file without ever leaving it broken:
// the file's bytes are kept as they are (comments, order, spacing), the block
// is appended after one blank line, and the result is validated by the very
// loader check-config uses before it replaces the file. The new content is
// written to a temporary file beside it (same folder, same permissions) and
// renamed over it, so a reader sees the old file or the new one, never half.

#include <filesystem>
#include <string>

#include "config/error.h"

namespace newswatch {

/// `original` with `block` appended after a blank line (a missing final newline added first).
std::string appended_config(const std::string& original, const std::string& block);

/// Appends `block` to `file` (created when missing) if the result passes check-config's validation; otherwise
/// throws ConfigError with the result's problems located in `file` and leaves the file untouched. Fails
/// (ErrorKind::storage) when the file cannot be read or replaced.
Result<void> append_to_config(const std::filesystem::path& file, const std::string& block);

}  // namespace newswatch
