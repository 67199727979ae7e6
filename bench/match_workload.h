#pragma once
// A generated watch list and item stream for match_bench, deterministic (seeded mt19937).
// Vocabulary: 3,000 English-like words and 600 Korean nouns made of syllables. Items draw words with a Zipf
// law (a few words are in every item, most are rare), Korean nouns with a particle attached half the time
// (북한은, 러시아와). Watches are what users write: 1-4 content words (never the 60 commonest), some as a
// phrase, a prefix (`word*`), an alias (English, Korean and Japanese forms) or a `title:` scope, an OR group
// now and then, a negation in one watch of six, and a `sites` list in one of five.

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "config/config.h"
#include "config/item.h"

namespace match_workload {

inline std::string pseudo_word(std::mt19937& rng) {
  static const char* onsets[] = {"b", "c", "d", "f", "g",  "h",  "k",  "l",  "m",  "n",  "p", "r",
                                 "s", "t", "v", "z", "br", "st", "tr", "ch", "sh", "gr", "pl"};
  static const char* vowels[] = {"a", "e", "i", "o", "u", "ai", "ou", "ea"};
  static const char* codas[] = {"", "", "n", "r", "s", "l", "k", "m", "nt"};
  std::uniform_int_distribution<int> syllables(2, 3), onset(0, 22), vowel(0, 7), coda(0, 8);
  std::string out;
  for (int i = 0, n = syllables(rng); i < n; ++i)
    out += std::string(onsets[onset(rng)]) + vowels[vowel(rng)] + codas[coda(rng)];
  return out;
}

inline std::string korean_noun(std::mt19937& rng) {
  std::uniform_int_distribution<int> syllables(2, 3), syllable(0, 11171);
  std::string out;
  for (int i = 0, n = syllables(rng); i < n; ++i) {
    char32_t c = 0xAC00 + static_cast<char32_t>(syllable(rng));
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

template <class Make>
std::vector<std::string> distinct_words(std::mt19937& rng, std::size_t count, Make make) {
  std::vector<std::string> out;
  while (out.size() < count) {
    std::string word = make(rng);
    if (std::find(out.begin(), out.end(), word) == out.end()) out.push_back(std::move(word));
  }
  return out;
}

/// Picks ranks 0..n-1 with probability proportional to 1 / (rank + 1).
class Zipf {
 public:
  explicit Zipf(std::size_t n) : m_cumulative(n) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) m_cumulative[i] = sum += 1.0 / static_cast<double>(i + 1);
  }
  std::size_t operator()(std::mt19937& rng) const {
    double at = std::uniform_real_distribution<double>(0, m_cumulative.back())(rng);
    return static_cast<std::size_t>(std::lower_bound(m_cumulative.begin(), m_cumulative.end(), at) -
                                    m_cumulative.begin());
  }

 private:
  std::vector<double> m_cumulative;
};

struct Workload {
  std::vector<std::string> english;  ///< by frequency rank
  std::vector<std::string> korean;
  std::vector<std::string> sites;
  Zipf english_rank{3000};
  Zipf korean_rank{600};

  Workload() {
    std::mt19937 rng(7);
    english = distinct_words(rng, 3000, pseudo_word);
    korean = distinct_words(rng, 600, korean_noun);
    for (int i = 0; i < 20; ++i) sites.push_back("site" + std::to_string(i));
  }

  std::string text(std::mt19937& rng, std::size_t words, bool is_korean) const {
    static const char* particles[] = {"은", "는", "이", "가", "을", "를", "의", "에서", "과", "와", "으로", "도"};
    std::string out;
    for (std::size_t i = 0; i < words; ++i) {
      if (i) out += i % 12 == 0 ? ". " : " ";
      if (!is_korean || rng() % 3 == 0) {
        out += english[english_rank(rng)];
        continue;
      }
      out += korean[korean_rank(rng)];
      if (rng() % 2) out += particles[rng() % 12];
    }
    return out + ".";
  }

  /// `count` items, three in ten Korean; with `body`, 3-5 KB of article text each.
  std::vector<newswatch::Item> items(std::size_t count, bool body) const {
    std::mt19937 rng(42);
    std::vector<newswatch::Item> out;
    for (std::size_t i = 0; i < count; ++i) {
      bool is_korean = i % 10 < 3;
      newswatch::Item item;
      item.site = sites[rng() % sites.size()];
      item.url = "https://example.org/" + std::to_string(i);
      item.title = text(rng, 8 + rng() % 7, is_korean);
      item.summary = text(rng, 20 + rng() % 21, is_korean);
      item.authors = {"Staff writer"};
      if (body) item.body = text(rng, 450 + rng() % 300, is_korean);
      out.push_back(std::move(item));
    }
    return out;
  }

  /// A content word: never among the 60 commonest, a Korean noun one time in five.
  std::string content_word(std::mt19937& rng) const {
    if (rng() % 5 == 0) return korean[rng() % korean.size()];
    return english[60 + rng() % (english.size() - 60)];
  }

  std::string term(std::mt19937& rng, std::size_t aliases) const {
    switch (rng() % 10) {
      case 0: return "\"" + content_word(rng) + " " + english[rng() % 400] + "\"";  // a phrase
      case 1: return english[60 + rng() % 2000].substr(0, 4 + rng() % 2) + "*";     // a prefix
      case 2: return "alias" + std::to_string(rng() % aliases);
      case 3: return "title:" + content_word(rng);
      default: return content_word(rng);
    }
  }

  /// `count` watches and 60 aliases, each alias an English pair, its hyphenated form, a Korean noun and
  /// a Japanese (kanji) form.
  newswatch::Config config(std::size_t count) const {
    static const char* kanji[] = {"北朝鮮", "韓国", "露国", "中国", "米国", "日本", "核実験", "弾道", "制裁", "外交"};
    std::mt19937 rng(1000 + static_cast<unsigned>(count));
    newswatch::Config config;
    const std::size_t aliases = 60;
    for (std::size_t a = 0; a < aliases; ++a) {
      std::string first = english[60 + rng() % 1500], second = english[60 + rng() % 1500];
      config.aliases["alias" + std::to_string(a)] = {first + " " + second, first + "-" + second,
                                                     korean[rng() % korean.size()], kanji[a % 10]};
    }
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t terms = 1 + rng() % 4;
      std::string query = term(rng, aliases);
      for (std::size_t t = 1; t < terms; ++t) {
        if (rng() % 4 == 0) {
          query = "(" + query + " OR " + term(rng, aliases) + ")";
        } else {
          query += " " + term(rng, aliases);
        }
      }
      if (rng() % 6 == 0) query += " -" + content_word(rng);
      std::vector<std::string> covered{"*"};
      if (rng() % 5 == 0) covered = {sites[rng() % sites.size()], sites[rng() % sites.size()]};
      newswatch::WatchConfig watch;
      watch.name = "w" + std::to_string(i);
      watch.query = query;
      watch.sites = covered;
      watch.notify = {"hook"};
      config.watches.push_back(std::move(watch));
    }
    return config;
  }
};

}  // namespace match_workload
