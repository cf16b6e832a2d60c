#pragma once
#include <exception>
#include <string>
#include <string_view>

namespace optiqual::instruments::sim {

/// @brief The standard SCPI-99 / IEEE 488.2 text for @p code (e.g. -222 → "Data out of range").
///
/// 0 gives "No error". A negative code missing from the table falls back to its class's generic text
/// ("Command error", "Execution error", "Device specific error", "Query error"); positive (device-defined)
/// codes give "Device specific error".
std::string_view standardErrorText(int code);

/// @brief The IEEE 488.2 Standard Event Status Register bit an error of @p code sets: -1xx CME (bit 5),
/// -2xx EXE (bit 4), -3xx and positive DDE (bit 3), -4xx QYE (bit 2); the event codes -500 (power on,
/// bit 7), -600 (user request, bit 6), -700 (request control, bit 1) and -800 (operation complete, bit 0).
/// 0 and any other code set nothing.
int esrBitForErrorCode(int code);

/// @brief An error a simulated SCPI instrument reports through its error queue.
///
/// Handlers throw it; ScpiDevice catches it and pushes `<code>,"<text>[;<detail>]"`. For standard codes text()
/// is the standard text and @p detail an optional explanation. For positive (device-defined) codes, which
/// have no standard text, a non-empty @p detail becomes the text itself and detail() is empty.
class ScpiError : public std::exception {
public:
    explicit ScpiError(int code, std::string detail = {});

    int code() const noexcept { return m_code; }
    /// @brief The text the error queue shows (standard text, or a device-defined code's own text).
    const std::string& text() const noexcept { return m_text; }
    /// @brief Optional explanation (Keysight-style `;detail` suffix); may be empty.
    const std::string& detail() const noexcept { return m_detail; }
    /// @brief `<code>,"<text>[;<detail>]"`, for logs and test failure messages.
    const char* what() const noexcept override { return m_what.c_str(); }

private:
    int m_code;
    std::string m_text;
    std::string m_detail;
    std::string m_what;
};

} // namespace optiqual::instruments::sim
