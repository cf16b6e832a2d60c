#pragma once
#include "ui/Theme.h"

#include <optional>
#include <string>

namespace optiqual::ui {

/// @brief The scan field: a large text input that takes the keyboard back whenever nothing else has it, so a
/// barcode scanner (keys + Enter) always lands here; below it the last scan's outcome (refusals in red).
class SerialEntry {
public:
    /// @brief Draws the field @p width wide; returns the text when Enter was pressed in it. @p keepFocus: take the
    /// keyboard when no other item has it (false while a dialog is open).
    std::optional<std::string> draw(const Fonts& fonts, float width, bool keepFocus);
    /// @brief The message under the field.
    void drawMessage();

    const std::string& text() const { return m_text; }
    void clear() { m_text.clear(); }
    void refuse(std::string why);
    void accept(std::string what);
    const std::string& message() const { return m_message; }
    bool refused() const { return m_refused; }

private:
    std::string m_text;
    std::string m_message;
    bool m_refused = false;
};

} // namespace optiqual::ui
