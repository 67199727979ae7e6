#include "alerts/korean_particles.h"

// The particles and endings a Korean noun may carry in a headline or article,
// and how a word is split into noun + ending.
//
// Why a list, not a morphological analyser: a watch term is a noun the user
// typed (북한, 김여정, 미사일, ICBM), and what follows a noun in running text is
// a closed class: a few dozen case particles, delimiters and the copula's
// endings. A list is small, predictable and testable; an analyser would bring
// a dictionary and its guesses (and still disagree with itself on names).
// What is NOT here is deliberate: noun-forming suffixes (인 in 북한인
// "a North Korean", 산 in 북한산, 측 "side", 군 "army") make another noun, and
// a watch for 북한 should not fire on every compound. Verb endings are not
// listed either: they follow verb stems, not the nouns users watch for.
//
// Splitting: the last 1 to 4 syllables of a word are looked up in the table;
// each hit whose attachment rule fits the syllable before it gives a stem.
// Korean alternates some particles by whether the noun ends in a consonant
// (받침, the syllable's final): 북한은/러시아는, 북한이/러시아가,
// 북한을/러시아를, 북한과/러시아와, 북한으로/러시아로 (and 서울로: ㄹ takes 로).
// Checking the alternation costs nothing (the final is arithmetic on the code
// point) and rejects look-alikes such as 한국가 (한 국가, "one nation"). After
// a non-Hangul stem (ICBM을, UN은, 2024년의) the pronunciation is unknown and
// any form is accepted.

#include <array>
#include <unordered_map>

#include "alerts/normalize.h"

namespace newswatch {
namespace {

/// What the syllable before a particle must end in.
enum class Attach { any, consonant, vowel, vowel_or_rieul };

struct Particle {
  std::string_view text;
  Attach attach;
};

// clang-format off
constexpr std::array k_particles = {
    // Subject, topic, object: the commonest endings of a headline noun.
    Particle{"이", Attach::consonant},  Particle{"가", Attach::vowel},       // 북한이 / 러시아가
    Particle{"은", Attach::consonant},  Particle{"는", Attach::vowel},       // 북한은 / 러시아는
    Particle{"을", Attach::consonant},  Particle{"를", Attach::vowel},       // 북한을 / 러시아를
    Particle{"께서", Attach::any},                                           // honorific subject
    // Possessive, place, direction, source, recipient.
    Particle{"의", Attach::any},        Particle{"에", Attach::any},         // 북한의, 평양에
    Particle{"에서", Attach::any},      Particle{"에게", Attach::any},       // 북한에서, 김정은에게
    Particle{"한테", Attach::any},      Particle{"에게서", Attach::any},
    Particle{"으로", Attach::consonant}, Particle{"로", Attach::vowel_or_rieul},  // 북한으로 / 러시아로, 서울로
    Particle{"으로서", Attach::consonant}, Particle{"로서", Attach::vowel_or_rieul},  // "as"
    Particle{"으로써", Attach::consonant}, Particle{"로써", Attach::vowel_or_rieul},  // "by means of"
    Particle{"으로부터", Attach::consonant}, Particle{"로부터", Attach::vowel_or_rieul},  // "from"
    Particle{"부터", Attach::any},      Particle{"까지", Attach::any},       // "from" / "until"
    Particle{"에서부터", Attach::any},
    // "And", "with", comparison.
    Particle{"과", Attach::consonant},  Particle{"와", Attach::vowel},       // 북한과 / 러시아와
    Particle{"하고", Attach::any},      Particle{"이랑", Attach::consonant}, Particle{"랑", Attach::vowel},
    Particle{"보다", Attach::any},      Particle{"처럼", Attach::any},       Particle{"만큼", Attach::any},
    // Delimiters: "also", "only", "even", "each".
    Particle{"도", Attach::any},        Particle{"만", Attach::any},         Particle{"조차", Attach::any},
    Particle{"마저", Attach::any},      Particle{"마다", Attach::any},       Particle{"뿐", Attach::any},
    Particle{"이나", Attach::consonant}, Particle{"나", Attach::vowel},      // "or"
    Particle{"이든", Attach::consonant}, Particle{"든", Attach::vowel},
    // Stacked particles a headline uses often (a place or source particle, then a topic or "also").
    Particle{"에는", Attach::any},      Particle{"에도", Attach::any},       Particle{"에만", Attach::any},
    Particle{"에서는", Attach::any},    Particle{"에서도", Attach::any},     Particle{"에서만", Attach::any},
    Particle{"에서의", Attach::any},    Particle{"에게는", Attach::any},     Particle{"에게도", Attach::any},
    Particle{"에의", Attach::any},      Particle{"과의", Attach::consonant}, Particle{"와의", Attach::vowel},
    Particle{"과는", Attach::consonant}, Particle{"와는", Attach::vowel},   Particle{"과도", Attach::consonant},
    Particle{"와도", Attach::vowel},    Particle{"으로는", Attach::consonant}, Particle{"로는", Attach::vowel_or_rieul},
    Particle{"으로의", Attach::consonant}, Particle{"로의", Attach::vowel_or_rieul},
    Particle{"까지는", Attach::any},    Particle{"까지도", Attach::any},     Particle{"부터는", Attach::any},
    Particle{"만은", Attach::any},      Particle{"만의", Attach::any},       Particle{"만이", Attach::any},
    // The plural 들 alone and with a case particle (미사일들, 미사일들을).
    Particle{"들", Attach::any},        Particle{"들이", Attach::any},       Particle{"들은", Attach::any},
    Particle{"들을", Attach::any},      Particle{"들의", Attach::any},       Particle{"들과", Attach::any},
    Particle{"들에게", Attach::any},    Particle{"들도", Attach::any},
    // The copula "to be" after a noun: 북한이다, 러시아다, 북한이라는, 북한이었다.
    Particle{"이다", Attach::consonant}, Particle{"다", Attach::vowel},
    Particle{"이며", Attach::consonant}, Particle{"며", Attach::vowel},
    Particle{"이고", Attach::consonant},
    Particle{"이라고", Attach::consonant}, Particle{"라고", Attach::vowel},
    Particle{"이라는", Attach::consonant}, Particle{"라는", Attach::vowel},
    Particle{"이라며", Attach::consonant}, Particle{"라며", Attach::vowel},
    Particle{"이었다", Attach::consonant}, Particle{"였다", Attach::vowel},
    Particle{"이지만", Attach::consonant}, Particle{"지만", Attach::vowel},
    Particle{"이냐", Attach::consonant},  Particle{"냐", Attach::vowel},
};
// clang-format on

constexpr std::size_t k_longest_syllables = 4;  // 으로부터, 에서부터
constexpr std::size_t k_syllable_bytes = 3;     // every Hangul syllable (U+AC00..U+D7A3) is 3 bytes of UTF-8

/// The table by ending, built once: a word is split with a few hash lookups, not a scan of the table.
const std::unordered_map<std::string_view, Attach>& particle_index() {
  static const auto index = [] {
    std::unordered_map<std::string_view, Attach> out;
    for (const Particle& particle : k_particles) out.emplace(particle.text, particle.attach);
    return out;
  }();
  return index;
}

bool is_syllable(char32_t c) noexcept {
  return c >= 0xAC00 && c <= 0xD7A3;
}

/// Whether the stem's last code point accepts a particle attached `attach`.
bool fits(std::string_view stem, Attach attach) {
  if (attach == Attach::any) return true;
  std::size_t start = stem.size();  // back up to the last code point's lead byte
  while (start > 0 && (static_cast<unsigned char>(stem[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  std::size_t pos = start;
  char32_t last = decode_utf8(stem, pos);
  if (!is_syllable(last)) return true;  // ICBM을, 2024년의: the pronunciation is unknown
  int final_consonant = static_cast<int>((last - 0xAC00) % 28);
  switch (attach) {
    case Attach::consonant: return final_consonant != 0;
    case Attach::vowel: return final_consonant == 0;
    case Attach::vowel_or_rieul:  // 8: ㄹ; a stem ending in 으 is 으로's own 으 (북한으로), never a noun
      return (final_consonant == 0 || final_consonant == 8) && last != U'으';
    case Attach::any: break;
  }
  return true;
}

}  // namespace

void korean_stems(std::string_view token, std::vector<std::string_view>& out) {
  std::size_t syllables = 0;  // how many Hangul syllables end the token
  for (std::size_t end = token.size(); syllables < k_longest_syllables && end >= k_syllable_bytes;) {
    std::size_t pos = end - k_syllable_bytes;
    if (!is_syllable(decode_utf8(token, pos)) || pos != end) break;
    end -= k_syllable_bytes;
    ++syllables;
  }
  for (std::size_t n = 1; n <= syllables; ++n) {
    std::size_t cut = token.size() - n * k_syllable_bytes;
    if (cut == 0) break;  // the particle would be the whole word: 이란 (Iran) is not 이 + 란
    std::string_view ending = token.substr(cut);
    std::string_view stem = token.substr(0, cut);
    auto found = particle_index().find(ending);
    if (found != particle_index().end() && fits(stem, found->second)) out.push_back(stem);
  }
}

}  // namespace newswatch
