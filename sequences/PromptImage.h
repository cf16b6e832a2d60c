#pragma once
#include <cstddef>
#include <string>

namespace optiqual::sequences {

/// @brief The largest prompt image the loader accepts and the panel loads.
inline constexpr std::size_t kMaxPromptImageBytes = std::size_t{8} * 1024 * 1024;

/// @brief Resolves a prompt's `image:` value (@p relative to the sequence file's folder @p baseDirectory) and checks
/// it: relative, inside that folder, a readable regular file of at most kMaxPromptImageBytes that starts with the
/// PNG signature. Returns why it is refused, or an empty string and the absolute path in @p resolved.
std::string resolvePromptImage(const std::string& baseDirectory, const std::string& relative, std::string& resolved);

} // namespace optiqual::sequences
