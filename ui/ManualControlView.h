#pragma once
#include "station/ManualCommand.h"
#include "station/StationSnapshot.h"
#include "ui/ItemRects.h"
#include "ui/StationControl.h"
#include "ui/Theme.h"
#include "ui/UserSession.h"

#include <array>
#include <string>

namespace optiqual::ui {

/// @brief Technician-only manual control in the instruments tab: a "Manual control" button that opens a dialog to
/// set a supply output, read a meter port or route a switch channel, each with a reason for the audit table. An
/// operator's press is refused with the reason; so is any while a unit is under test (manual settings would change
/// its measurements). The command goes through StationControl::manual (the I/O thread runs the driver); the dialog
/// shows the outcome once it is published.
class ManualControlView {
public:
    void draw(const station::StationSnapshot& snapshot, const UserSession& session, StationControl& control,
              const Fonts& fonts);
    /// @brief Why the last press was refused ("" none).
    const std::string& refusal() const { return m_refusal; }
    bool open() const { return m_open; }
    const ItemRects& rects() const { return m_rects; }

private:
    void drawDialog(const station::StationSnapshot& snapshot, const UserSession& session, StationControl& control,
                    const Fonts& fonts);
    /// Sends @p kind with the dialog's fields, or refuses with the reason.
    void send(station::ManualCommand::Kind kind, const station::StationSnapshot& snapshot, const UserSession& session,
              StationControl& control);

    bool m_open = false;
    std::string m_refusal;
    int m_instrument = 0; ///< index into the snapshot's instruments
    station::ManualCommand m_command;
    int m_output = 1;
    std::array<char, 2> m_input{'A', '\0'};
    std::array<char, 256> m_reason{};
    std::uint64_t m_sent = 0; ///< the newest command sent (ManualResult::seq)
    ItemRects m_rects;
};

} // namespace optiqual::ui
