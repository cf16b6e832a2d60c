#pragma once
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief Options of `optiqual panel`.
struct PanelOptions {
    std::string station;
    std::string sequence;
    std::string db;
    std::string syncTo;   ///< central store URL: finished runs uploaded in the background
    double timeScale = 0; ///< 0: the station file's
    long long seed = -1;
    std::string partNumber;
    std::string lot;
    std::string operatorName = "operator";
    std::vector<std::string> serials; ///< scanned at start, one per socket in turn
    std::vector<std::string> typed;   ///< typed into the scan field + Enter once the panel is up, in order
    std::string script;               ///< a panel script (PanelScript) played once the panel is up
    bool framesFromPrompt = false;    ///< count --frames from the first prompt dialog, not the units' end
    bool autoAnswer = false;          ///< the simulated operator answers prompts
    std::string screenshot;           ///< PNG to write after @c frames settled frames
    int frames = 0;                   ///< headless: draw this many frames once the --serial units ended, then exit
    std::string view = "operator";    ///< the view shown first: operator, history, yield or sequence
    bool kiosk = false;               ///< keep the operator in the operator view (sign-in needed to leave)
    std::string processModel;  ///< parallel (scan-to-start per socket) or batch (Start all); "": the station file's
    double monitorPeriod = 10; ///< simulated seconds between the telemetry monitor's polls; 0: off
    int width = 1280;
    int height = 800;

    /// @brief The operator view's details tab shown first: measurements, log, instruments or live.
    std::string details = "measurements";
};

/// @brief `optiqual panel`: opens the station like `optiqual run`, then runs the operator panel on this thread
/// and the engine on an I/O thread, taking units as they are scanned until the window is closed. Exit code as
/// `run`: the worst verdict of the units tested (0 when all passed or none ran).
int runPanel(const PanelOptions& options);

} // namespace optiqual::ui
