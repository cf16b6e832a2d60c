#include "sequences/PromptImage.h"

#include <array>
#include <filesystem>
#include <fstream>

namespace optiqual::sequences {

namespace fs = std::filesystem;

std::string resolvePromptImage(const std::string& baseDirectory, const std::string& relative, std::string& resolved) {
    const fs::path given(relative);
    if (relative.empty())
        return "prompt image is empty (a PNG file relative to the sequence file's folder)";
    if (given.is_absolute() || given.has_root_name() || given.has_root_directory())
        return "prompt image '" + relative + "' must be relative to the sequence file's folder, not absolute";
    const fs::path normal = given.lexically_normal();
    if (normal.empty() || *normal.begin() == ".." || normal == ".")
        return "prompt image '" + relative + "' is outside the sequence file's folder";
    std::error_code ec;
    const fs::path full = fs::absolute(fs::path(baseDirectory) / normal, ec).lexically_normal();
    if (ec || !fs::is_regular_file(full, ec))
        return "prompt image '" + relative + "' not found (it is looked for relative to the sequence file's folder)";
    const auto size = fs::file_size(full, ec);
    if (ec)
        return "prompt image '" + relative + "' cannot be read: " + ec.message();
    if (size > kMaxPromptImageBytes)
        return "prompt image '" + relative + "' is larger than 8 MiB";
    std::ifstream in(full, std::ios::binary);
    std::array<char, 8> head{};
    if (!in || !in.read(head.data(), head.size()))
        return "prompt image '" + relative + "' cannot be read as a PNG (too short or unreadable)";
    static constexpr std::array<unsigned char, 8> kSignature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    for (std::size_t i = 0; i < head.size(); ++i)
        if (static_cast<unsigned char>(head[i]) != kSignature[i])
            return "prompt image '" + relative + "' is not a PNG file (only PNG images are shown)";
    resolved = full.string();
    return {};
}

} // namespace optiqual::sequences
