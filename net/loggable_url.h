#pragma once
// URLs in log lines. Query strings and userinfo can carry tokens, and webhook
// paths often do, so a logged URL keeps only what identifies the resource.
#include <string>

namespace newswatch {

/// A URL fit for a log line: scheme, host and path only; with `redact_path`, only
/// scheme and host ("https://hooks.example/…"). "<unparsable url>" for garbage.
std::string loggable_url(const std::string& url, bool redact_path = false);

}  // namespace newswatch
