#pragma once
// Korean writes its particles (case markers, "and", "also", "from") and the
// copula's endings onto the noun with no space: 북한은, 북한의, 북한에서,
// 북한이다. A Korean term therefore matches a word that is the term plus one
// of a documented list of particles and endings (korean_particles.cpp), and
// nothing else: 북한 matches 북한은 but never 북한산 (Bukhansan, a mountain),
// because 산 is not a particle. Where a particle has a form after a consonant
// and one after a vowel (은/는, 이/가, 을/를, 과/와, 으로/로), the form must fit
// the stem's last syllable, which keeps 한국가 ("one nation", 한 국가) from
// matching 한국.

#include <string_view>
#include <vector>

namespace newswatch {

/// Appends to `out` each stem `token` stands for: `token` less a listed
/// particle or ending that fits the stem's last syllable (the stem is never
/// empty). A token without such an ending adds nothing. `token` is a folded
/// word token (normalize.h); the views point into it.
void korean_stems(std::string_view token, std::vector<std::string_view>& out);

}  // namespace newswatch
