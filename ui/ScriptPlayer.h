#pragma once
#include "station/Durability.h"
#include "station/StationSnapshot.h"
#include "ui/PanelScript.h"

#include <chrono>
#include <imgui.h>
#include <optional>
#include <string>

namespace optiqual::ui {

class PanelFrame;

/// @brief Plays a panel script (PanelScript) into the panel, one frame at a time: its characters, keys and clicks go
/// into ImGuiIO as GLFW's backend puts a user's there; its waits watch what the panel drew (the station's snapshot,
/// the prompt dialog, the controls on screen), never a fixed time, each failing after its line's timeout.
class ScriptPlayer {
public:
    explicit ScriptPlayer(PanelScript script);

    /// @brief Puts the next frame's input into ImGuiIO: call after the backend's NewFrame, before ImGui's.
    void input();
    /// @brief After a frame of @p frame from @p snapshot was drawn (ImGui::Render() done): advances the script.
    /// Returns the path of a PNG to write of this frame ("" none).
    std::string afterFrame(const PanelFrame& frame, const station::StationSnapshot& snapshot,
                           const station::DurabilityQuery& durability);

    /// @brief Every command was played.
    bool finished() const { return m_index >= m_script.commands.size(); }
    /// @brief Why the script stopped ("" while it plays or once it finished): "file:line: `command`: reason".
    const std::string& failure() const { return m_failure; }

private:
    /// What the next frame's input is (as the GLFW backend would have put it into ImGuiIO).
    struct Input {
        std::string characters;
        int keyDown = -1;
        int keyUp = -1;
        int button = -1;   ///< 1: left button down, 0: up, -1: unchanged
        float wheel = 0.f; ///< notches of the mouse wheel (positive: up)
    };

    void next();
    void fail(const std::string& reason);
    /// Types m_current's text then Enter over the following frames; true once done.
    bool typeStep();
    /// Clicks control @p name over the following frames once it stayed put for a few (scrolling list @p list, when
    /// given and drawn, until the control is inside it); true once the button was released (m_step is then 4).
    bool clickStep(const PanelFrame& frame, const std::string& name, const std::string* list, bool late);

    PanelScript m_script;
    std::size_t m_index = 0;
    int m_step = 0;
    int m_steady = 0;                              ///< frames the awaited control or prompt has been shown
    std::optional<ImVec2> m_lastCentre;            ///< where the clicked control was in the previous frame
    std::chrono::steady_clock::time_point m_since; ///< when the current command began
    int m_frames = 0;                              ///< frames drawn so far
    Input m_next;
    /// Where the script put the mouse: set again each frame, as GLFW's backend sets the cursor's position each frame.
    std::optional<ImVec2> m_mouse;
    std::string m_failure;
};

} // namespace optiqual::ui
