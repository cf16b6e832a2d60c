#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::sequences {

/// @brief Spelling help for diagnostics: the closest of @p candidates to @p word (Levenshtein distance, case
/// folded, a swap of neighbours counting as one edit), or empty when none is close enough to be a plausible typo
/// (distance ≤ 1/3 of the word, at least 1; names shorter than 3 letters only match ignoring case).
std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates);
/// @brief " (did you mean 'x'?)" for the closest match, or empty.
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

} // namespace optiqual::sequences
