#include "ui/Screenshot.h"

#include <GL/gl.h>
#include <algorithm>
#include <stb_image_write.h>
#include <stdexcept>
#include <vector>

namespace optiqual::ui {

void writeScreenshot(const std::string& path, int width, int height) {
    if (width <= 0 || height <= 0)
        throw std::runtime_error("screenshot " + path + ": the window has no pixels");
    const std::size_t stride = std::size_t(width) * 3;
    std::vector<unsigned char> pixels(stride * std::size_t(height));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    if (const GLenum error = glGetError(); error != GL_NO_ERROR)
        throw std::runtime_error("screenshot " + path + ": glReadPixels failed (GL error " + std::to_string(error) +
                                 ")");
    // OpenGL's rows start at the bottom, PNG's at the top.
    std::vector<unsigned char> flipped(pixels.size());
    for (std::size_t row = 0; row < std::size_t(height); ++row)
        std::copy_n(pixels.data() + stride * (std::size_t(height) - 1 - row), stride, flipped.data() + stride * row);
    if (!stbi_write_png(path.c_str(), width, height, 3, flipped.data(), int(stride)))
        throw std::runtime_error("screenshot " + path + ": cannot write the PNG file");
}

} // namespace optiqual::ui
