#include "tests/bench/BenchOutput.h"

#include <cstdio>

namespace optiqual::bench {

void BenchOutput::row(std::string_view figure, std::string_view value, std::string_view baseline,
                      std::optional<double> ratio) {
    char ratioText[32] = "";
    if (ratio)
        std::snprintf(ratioText, sizeof ratioText, "%.2f", *ratio);
    std::printf("@row\t%.*s\t%.*s\t%.*s\t%s\n", static_cast<int>(figure.size()), figure.data(),
                static_cast<int>(value.size()), value.data(), static_cast<int>(baseline.size()), baseline.data(),
                ratioText);
    std::fflush(stdout);
}

std::string BenchOutput::format(const char* pattern, double value) {
    char text[64];
    std::snprintf(text, sizeof text, pattern, value);
    return text;
}

} // namespace optiqual::bench
