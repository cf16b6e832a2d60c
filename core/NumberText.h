#pragma once
#include <string>

namespace optiqual::core {

/// @brief @p v as the shortest decimal text that reads back to the same double: `3.3`, `1e-12`, `1550`,
/// `inf`, `nan`. Locale-free (std::to_chars), so a decimal-comma locale cannot change it. The one home of this
/// rule: messages, canonical hashes and quantities all print numbers through it.
std::string shortestText(double v);

} // namespace optiqual::core
