#pragma once
// The words of the scale benchmark's headlines, shared by bench/scale_server.cpp (which serves them) and
// bench/store_bench.cpp (which stores them as a first round would): a third from 64 shared news words, the rest
// from a long tail of 4,096 made-up names of three syllables, so unrelated titles share a few words, not most.

#include <array>
#include <string_view>

namespace newswatch::bench {

inline constexpr std::array<std::string_view, 64> k_scale_words = {
    "North",    "Korea",  "Kim",       "Jong",      "Un",       "missile", "launch",   "Pyongyang",
    "Seoul",    "summit", "sanctions", "envoy",     "talks",    "nuclear", "test",     "border",
    "troops",   "Russia", "China",     "Japan",     "trade",    "food",    "aid",      "defector",
    "ministry", "says",   "report",    "satellite", "drill",    "navy",    "army",     "leader",
    "meets",    "visits", "warns",     "denies",    "confirms", "plans",   "new",      "first",
    "week",     "after",  "before",    "over",      "amid",     "deal",    "factory",  "railway",
    "Kursk",    "Moscow", "Beijing",   "Tokyo",     "election", "economy", "exports",  "grain",
    "harvest",  "floods", "typhoon",   "hospital",  "school",   "market",  "currency", "festival"};

/// The tail's syllables: name n is syllables[n & 15], [(n >> 4) & 15], [(n >> 8) & 15].
inline constexpr std::array<std::string_view, 16> k_scale_syllables = {
    "ka", "ro", "mi", "sun", "tae", "jo", "li", "van", "del", "on", "ma", "rik", "su", "ha", "pe", "gul"};

}  // namespace newswatch::bench
