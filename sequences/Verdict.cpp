#include "sequences/Verdict.h"

#include <array>

namespace optiqual::sequences {

namespace {
constexpr std::array<std::string_view, 8> kNames{"NOT_RUN", "SKIPPED", "DONE",       "PASS",
                                                 "FAIL",    "ERROR",   "TERMINATED", "ABORTED"};
}

std::string_view toString(Verdict v) {
    return kNames[static_cast<std::size_t>(v)];
}

std::optional<Verdict> parseVerdict(std::string_view text) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == text)
            return static_cast<Verdict>(i);
    return std::nullopt;
}

} // namespace optiqual::sequences
