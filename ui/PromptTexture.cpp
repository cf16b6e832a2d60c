#include "ui/PromptTexture.h"

#include "sequences/PromptImage.h"
#include "ui/Theme.h"

#include <GL/gl.h>
#include <GLFW/glfw3.h>
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <imgui.h>
#include <iterator>
#include <memory>
#include <stb_image.h>
#include <vector>

namespace optiqual::ui {

namespace {

constexpr int kMaxSide = 4096; ///< larger than any dialog: a bigger image is refused rather than uploaded

struct StbiFree {
    void operator()(unsigned char* p) const { stbi_image_free(p); }
};

} // namespace

PromptTexture::~PromptTexture() {
    // The panel's window (and its context) may be gone already: the driver freed the texture with it then.
    if (glfwGetCurrentContext())
        release();
}

void PromptTexture::release() {
    if (m_texture != 0) {
        const GLuint texture = m_texture;
        glDeleteTextures(1, &texture);
    }
    m_texture = 0;
    m_width = m_height = 0;
    m_error.clear();
}

void PromptTexture::load(const std::string& path) {
    release();
    if (path.empty())
        return;
    const std::string name = std::filesystem::path(path).filename().string();
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        m_error = "The image " + name + " cannot be read: " + ec.message();
        return;
    }
    if (size > sequences::kMaxPromptImageBytes) {
        m_error = "The image " + name + " is larger than 8 MiB";
        return;
    }
    std::ifstream in(path, std::ios::binary);
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        m_error = "The image " + name + " cannot be read";
        return;
    }
    int width = 0, height = 0, channels = 0;
    const std::unique_ptr<unsigned char, StbiFree> pixels(
        stbi_load_from_memory(bytes.data(), int(bytes.size()), &width, &height, &channels, 4));
    if (!pixels) {
        m_error = "The image " + name + " cannot be shown: " + stbi_failure_reason();
        return;
    }
    if (width > kMaxSide || height > kMaxSide) {
        m_error = "The image " + name + " is too large to show (at most 4096 × 4096 pixels)";
        return;
    }
    GLuint texture = 0;
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels.get());
    if (const GLenum error = glGetError(); error != GL_NO_ERROR) {
        glDeleteTextures(1, &texture);
        m_error = "The image " + name + " cannot be shown (OpenGL error " + std::to_string(error) + ")";
        return;
    }
    m_texture = texture;
    m_width = width;
    m_height = height;
}

void PromptTexture::draw(float maxWidth, float maxHeight) const {
    if (!m_error.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kFailRed));
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + maxWidth);
        ImGui::TextUnformatted(m_error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
        return;
    }
    if (m_texture == 0)
        return;
    const float scale = std::min({1.f, maxWidth / float(m_width), maxHeight / float(m_height)});
    // ImGui's OpenGL backend takes the texture name as the ImTextureID (a pointer-sized integer in a void*).
    const auto id =
        reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(m_texture)); // NOLINT(performance-no-int-to-ptr)
    ImGui::Image(id, ImVec2(float(m_width) * scale, float(m_height) * scale));
}

} // namespace optiqual::ui
