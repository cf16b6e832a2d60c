#include "sequences/Spelling.h"

#include <algorithm>
#include <cctype>

namespace optiqual::sequences {

namespace {
bool sameLetter(char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
}

// Edit distance where swapping two neighbours counts as one edit ("pus" → "psu"), the commonest typo.
std::size_t distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min(
                {d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (sameLetter(a[i - 1], b[j - 1]) ? 0 : 1)});
            if (i > 1 && j > 1 && sameLetter(a[i - 1], b[j - 2]) && sameLetter(a[i - 2], b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}
} // namespace

std::string closestMatch(std::string_view word, const std::vector<std::string>& candidates) {
    // One edit in a two-letter name is a different name, not a typo: short words only match ignoring case.
    const std::size_t limit = word.size() < 3 ? 0 : std::max<std::size_t>(1, word.size() / 3);
    std::string best;
    std::size_t bestDistance = limit + 1;
    for (const std::string& c : candidates) {
        const std::size_t d = distance(word, c);
        if (d < bestDistance && c != word) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string match = closestMatch(word, candidates);
    return match.empty() ? std::string() : " (did you mean '" + match + "'?)";
}

} // namespace optiqual::sequences
