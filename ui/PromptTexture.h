#pragma once
#include <string>

namespace optiqual::ui {

/// @brief A prompt's image as an OpenGL texture: loaded once when the prompt opens (on the UI thread: a PNG of at
/// most sequences::kMaxPromptImageBytes), drawn every frame, freed when the prompt closes.
class PromptTexture {
public:
    PromptTexture() = default;
    PromptTexture(const PromptTexture&) = delete;
    PromptTexture& operator=(const PromptTexture&) = delete;
    ~PromptTexture();

    /// @brief Frees the image shown so far and loads @p path (a PNG file; empty: none). Needs the panel's OpenGL
    /// context. A file that cannot be shown leaves error() saying why.
    void load(const std::string& path);
    /// @brief Frees the texture (the prompt closed).
    void release();

    /// @brief Draws the image at most @p maxWidth × @p maxHeight (scaled down keeping its aspect ratio, never
    /// up), or why it cannot be shown; nothing when there is no image.
    void draw(float maxWidth, float maxHeight) const;

    bool loaded() const { return m_texture != 0; }
    const std::string& error() const { return m_error; }

private:
    unsigned int m_texture = 0; ///< GLuint; 0: none
    int m_width = 0;
    int m_height = 0;
    std::string m_error;
};

} // namespace optiqual::ui
