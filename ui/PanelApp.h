#pragma once
#include "station/SnapshotPublisher.h"
#include "ui/PanelFrame.h"
#include "ui/PanelScript.h"
#include "ui/ScriptPlayer.h"
#include "ui/StationControl.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

struct GLFWwindow;

namespace optiqual::ui {

/// @brief The panel's window: GLFW + Dear ImGui (the OpenGL 3 and GLFW backends of Debian's libimgui), one frame
/// at a time from the latest station snapshot (PanelFrame draws it). It only draws and sends commands through
/// StationControl; it never waits on the engine. Up to 60 frames a second, sooner on input.
class PanelApp {
public:
    struct Options {
        std::string title = "OptiQual";
        std::string station;
        std::string sequence;
        int sockets = 1;
        int width = 1280;
        int height = 800;
        std::string screenshot; ///< write the frame to this PNG …
        int frames = 0;         ///< … once this many frames were drawn after Hooks::settled (0: not headless)
        /// @brief Typed into the scan field once the panel is up, each followed by Enter, in order — keys through
        /// ImGuiIO, as a barcode scanner's reach the field.
        std::vector<std::string> typed;
        /// @brief Played into the panel once it is up (ScriptPlayer): the panel stops when it ends — or, with
        /// @c frames, draws that many frames more, then writes @c screenshot and stops — or when a line fails.
        std::optional<PanelScript> script;
        /// @brief Count the screenshot's frames from the moment a prompt dialog shows (instead of once the units
        /// ended): a picture of the operator being asked.
        bool framesFromPrompt = false;
        /// @brief The part's serial rules: a scan that breaks them is refused with the reason.
        SerialRule serialRule;
        /// @brief Where an ended unit's results are: its verdict shows once they are stored.
        station::DurabilityQuery durability;
        std::string database;                                    ///< the results database the engineer view reads
        PanelView view = PanelView::Operator;                    ///< the view shown first
        std::shared_ptr<const sequences::Sequence> sequenceFile; ///< the sequence tree's
        std::string partNumber;                                  ///< the part number units are scanned as
        bool kiosk = false;                                      ///< keep the operator in the operator view
        std::string operatorName = "operator";                   ///< who acts when nobody signed in
        bool batch = false; ///< the batch process model: scans are queued, Start all (F9) starts them together
        DetailsTab details = DetailsTab::Measurements; ///< the details tab shown first
        double timeScale = 1.0; ///< the station's: the live charts' all-sockets overview aligns sockets with it
    };

    /// @brief What the panel asks of the station around it (each returns at once).
    struct Hooks {
        std::function<bool()> engineDone;    ///< the station's run ended (no unit runs or will run)
        std::function<bool()> settled;       ///< the screenshot's frames count from here (the given units ended)
        std::function<bool()> stopRequested; ///< stop from outside (SIGINT, SIGTERM)
        std::function<void()> stop;          ///< stop the station: no new units, running ones abort (cleanup runs)
    };

    PanelApp(Options options, StationControl& control);
    ~PanelApp();
    PanelApp(const PanelApp&) = delete;
    PanelApp& operator=(const PanelApp&) = delete;

    /// @brief Opens the window. Throws std::runtime_error when there is no display to open it on.
    void open();
    /// @brief Draws frames from @p snapshots until the window is closed (or the screenshot is written, or a stop is
    /// requested) and the station has stopped; while it stops, the frames go on saying so.
    void run(const station::SnapshotPublisher& snapshots, const Hooks& hooks);

    /// @brief Whether the database has users (sign-in gives roles); call before run().
    void setUsersConfigured(bool configured) { m_frame.setUsersConfigured(configured); }
    int framesDrawn() const { return m_frames; }
    /// @brief Why the script failed ("" when there is none or it played to its end).
    std::string scriptFailure() const { return m_player ? m_player->failure() : std::string(); }
    /// @brief The longest time between the starts of two frames in run(), after the first frame (which compiles
    /// the shaders and uploads the fonts): what the operator would have seen as a freeze.
    std::chrono::steady_clock::duration longestFrameGap() const { return m_longestGap; }

private:
    /// @brief Feeds the next typed keys into ImGuiIO (call between the backend's NewFrame and ImGui's); true once
    /// everything was typed.
    bool typeKeys();

    Options m_options;
    GLFWwindow* m_window = nullptr;
    bool m_imgui = false;
    PanelFrame m_frame;
    int m_frames = 0;
    std::optional<ScriptPlayer> m_player;
    std::size_t m_typedIndex = 0; ///< the Options::typed entry being typed
    int m_typingStep = 0;         ///< 0 characters, 1 Enter down, 2 Enter up, 3 the field refocuses
    std::chrono::steady_clock::duration m_longestGap{0};
};

} // namespace optiqual::ui
