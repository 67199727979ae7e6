// Stories: items about the same event from different outlets.
//
// When an item is first stored, its title and summary become a set of tokens:
// ASCII lower-cased, split on anything that is not a letter or digit (UTF-8
// letters such as Hangul are kept; typographic punctuation such as ’ “ — is a
// separator), common English stopwords and one-letter words dropped, and a
// trailing plural 's' stripped ("soldiers" = "soldier"). The item joins the
// story of the most similar item of ANOTHER site first seen within
// k_story_window_seconds before it, when their Jaccard similarity is at least
// k_same_event_threshold (stories.h); otherwise it starts a story of its own, id "s" + its item id,
// which never changes afterwards.
//
// Only other sites are compared: two articles on one site are two articles,
// even with similar headlines (a follow-up, a daily roundup). A story can still
// end up holding two items of one site when both resemble a third outlet's
// report; that is the same event told twice, and once-per-story alerting then
// spares the reader the repeat.
//
// The threshold was tuned on the seed listings (MENAFN, seed 000): pairs that
// are one event score 0.38–0.45 ("Russia Praises North Korea for Role in Kursk"
// / "Russia Commends North Korean Soldiers for Key Role in Kursk Victory": 0.43),
// the closest pair of different events 0.34 (a trilateral naval drill vs. the
// annual US–South Korea exercises), unrelated North Korea items below 0.25.
//
// How the candidates are found without reading the whole window: story_index.cpp.

#include "store/stories.h"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>

namespace newswatch::stories {
namespace {

constexpr std::array<std::string_view, 45> k_stopwords = {
    "a",    "about", "after", "amid", "an",   "and", "are",  "as",   "at",   "be",   "been", "but",
    "by",   "for",   "from",  "has",  "have", "he",  "her",  "his",  "in",   "into", "is",   "it",
    "its",  "more",  "new",   "not",  "of",   "on",  "or",   "out",  "over", "said", "says", "than",
    "that", "the",   "their", "this", "to",   "was", "were", "will", "with"};

bool is_stopword(std::string_view word) {
  return std::find(k_stopwords.begin(), k_stopwords.end(), word) != k_stopwords.end();
}

void add_token(std::string word, std::set<std::string>& out) {
  if (word.size() < 2 || is_stopword(word)) return;
  if (word.size() > 3 && word.back() == 's' && word[word.size() - 2] != 's') word.pop_back();
  out.insert(std::move(word));
}

// U+2000..U+206F (general punctuation: ’ “ ” – — …) is E2 80 xx / E2 81 xx in UTF-8.
bool is_punctuation_at(std::string_view text, std::size_t i) {
  return i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xE2 &&
         (static_cast<unsigned char>(text[i + 1]) == 0x80 || static_cast<unsigned char>(text[i + 1]) == 0x81);
}

}  // namespace

std::set<std::string> tokens(std::string_view text) {
  std::set<std::string> out;
  std::string word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (is_punctuation_at(text, i)) {
      add_token(std::move(word), out);
      word.clear();
      i += 2;
    } else if (c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) {
      word += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      word += static_cast<char>(c - 'A' + 'a');
    } else {
      add_token(std::move(word), out);
      word.clear();
    }
  }
  add_token(std::move(word), out);
  return out;
}

std::string join(const std::set<std::string>& tokens) {
  std::string out;
  for (const auto& token : tokens) {
    if (!out.empty()) out += ' ';
    out += token;
  }
  return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 0.0;
  std::size_t common = 0;
  for (const auto& token : a) common += b.count(token);
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

bool same_event(const std::set<std::string>& a, const std::set<std::string>& b) {
  return jaccard(a, b) >= k_same_event_threshold;
}

std::vector<std::string> sources(sql::Connection& db, const std::string& story_id) {
  std::vector<std::string> out;
  auto q = db.query("SELECT DISTINCT site FROM items WHERE story_id = ?1 ORDER BY site");
  q.bind(1, story_id);
  while (q.step()) out.push_back(q.text(0));
  return out;
}

std::unordered_map<std::string, std::vector<std::string>> sources(sql::Connection& db,
                                                                  const std::vector<std::string>& story_ids) {
  std::unordered_map<std::string, std::vector<std::string>> out;
  nlohmann::json ids = nlohmann::json::array();
  for (const std::string& id : story_ids)
    if (!id.empty() && out.try_emplace(id).second) ids.push_back(id);
  if (ids.empty()) return out;
  // One row per item of each story, read from items_by_story (story_id, site); sorted and made distinct
  // here, since DISTINCT or ORDER BY over the join would sort in a temporary B-tree.
  auto q = db.query("SELECT j.value, i.site FROM " + sql::json_strings(db, "?1", "j") +
                    " JOIN items i ON i.story_id = j.value");
  q.bind(1, ids.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  while (q.step()) out[q.text(0)].push_back(q.text(1));
  for (auto& [id, sites] : out) {
    std::sort(sites.begin(), sites.end());
    sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
  }
  return out;
}

}  // namespace newswatch::stories
