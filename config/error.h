#pragma once
// Expected failures are values (STYLE.md): every stage returns Result<T>.
// The category decides what the caller does: retry (network, timeout, some
// http_status), report (parse, storage), or stop (config).

#include <string>
#include <utility>

#include <tl/expected.hpp>

namespace newswatch {

enum class ErrorKind { network, timeout, http_status, parse, storage, config, usage };

/// Human name of an error category, for logs ("network", "http_status", ...).
const char* to_string(ErrorKind kind) noexcept;

struct Error {
  ErrorKind kind = ErrorKind::parse;
  std::string message;  ///< actionable text: names the URL, file or value at fault
  int http_status = 0;  ///< set when kind == http_status
};

template <class T>
using Result = tl::expected<T, Error>;

/// Shorthand for returning a failure: `return fail(ErrorKind::parse, "...");`
inline tl::unexpected<Error> fail(ErrorKind kind, std::string message, int http_status = 0) {
  return tl::unexpected<Error>(Error{kind, std::move(message), http_status});
}

}  // namespace newswatch
