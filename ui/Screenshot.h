#pragma once
#include <string>

namespace optiqual::ui {

/// @brief Writes the default framebuffer's back buffer (what the frame just rendered, before the swap) as a PNG
/// of @p width × @p height pixels. Throws std::runtime_error naming the file when it cannot be written.
void writeScreenshot(const std::string& path, int width, int height);

} // namespace optiqual::ui
