#pragma once
// "Did you mean ...?": the config loader suggests a key for a typo ("intervall"),
// the command line a command ("chek-config").

#include <string>
#include <string_view>
#include <vector>

namespace newswatch {

/// The candidate closest to `word` by edit distance, or "" when none is close enough to be a typo
/// (at most a third of the word wrong, and never more than 3 edits).
std::string nearest_word(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace newswatch
