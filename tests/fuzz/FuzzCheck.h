#pragma once
#include <cstdio>
#include <cstdlib>

namespace optiqual::fuzz {

/// @brief A property every input must keep. A broken one aborts, which is how libFuzzer and the corpus replay
/// (ReplayMain.cpp) both notice it; @p what says which property, the input is the file being replayed.
inline void require(bool holds, const char* what) {
    if (!holds) {
        std::fprintf(stderr, "fuzz property broken: %s\n", what);
        std::abort();
    }
}

} // namespace optiqual::fuzz
