#pragma once
#include "station/StationSnapshot.h"
#include "ui/ItemRects.h"
#include "ui/PromptTexture.h"
#include "ui/StationControl.h"
#include "ui/Theme.h"

#include <cstdint>
#include <string>

namespace optiqual::ui {

/// @brief An operator prompt as a modal dialog: a message (OK), a confirm (Yes / No — PASS / FAIL for a visual
/// check), a number or a text (validated as the engine will: a bad answer is refused here with its reason), with
/// its timeout counting down, with the prompt's image when it names one. One prompt at a time, the lowest socket's
/// first.
class PromptDialog {
public:
    /// @brief Draws the open prompt, if any; answers go to @p control.
    void draw(const station::StationSnapshot& snapshot, station::WallTime now, StationControl& control,
              const Fonts& fonts);
    /// @brief Whether a prompt dialog is showing (it has the keyboard).
    bool open() const { return m_shownId != 0; }
    /// @brief Its answer buttons: "Yes" and "PASS" (one button), "No" and "FAIL", "OK".
    const ItemRects& rects() const { return m_rects; }

private:
    /// @brief Validates @p text against the prompt and sends it, or keeps the dialog with the reason.
    void submit(const station::PromptView& prompt, const std::string& text, StationControl& control);

    std::uint64_t m_shownId = 0;    ///< the prompt on screen
    std::uint64_t m_answeredId = 0; ///< answered: hidden until the snapshot drops it
    std::string m_input;
    std::string m_refusal;
    bool m_focusInput = false;
    ItemRects m_rects;
    PromptTexture m_image; ///< the shown prompt's image, loaded once when it opens
};

} // namespace optiqual::ui
