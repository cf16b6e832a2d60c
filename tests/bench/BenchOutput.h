#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::bench {

/// @brief A benchmark's figures in the one form scripts/bench.sh reads: besides its own text for people, each
/// benchmark prints one "@row" line per figure, and the script turns them into the tables of BENCHMARKS.md.
/// A figure measured against a baseline in the same run carries the baseline's own figure and the ratio.
class BenchOutput {
public:
    /// @brief "@row<TAB>figure<TAB>value<TAB>baseline<TAB>ratio" (baseline and ratio may be empty).
    static void row(std::string_view figure, std::string_view value, std::string_view baseline = {},
                    std::optional<double> ratio = std::nullopt);
    /// @brief printf-style formatting for the values.
    static std::string format(const char* pattern, double value);
};

} // namespace optiqual::bench
