#pragma once
#include "station/Durability.h"
#include "station/StationSnapshot.h"
#include "ui/EngineerView.h"
#include "ui/LiveCharts.h"
#include "ui/LogView.h"
#include "ui/ManualControlView.h"
#include "ui/OperatorView.h"
#include "ui/OverridesView.h"
#include "ui/PromptDialog.h"
#include "ui/SequenceTree.h"
#include "ui/SerialCheck.h"
#include "ui/SignInDialog.h"
#include "ui/StationControl.h"
#include "ui/Theme.h"
#include "ui/UserSession.h"

#include <optional>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief The operator view's details tabs (F2, F3, F4, F8).
enum class DetailsTab { Measurements, Log, Instruments, Live };

/// @brief Everything the panel draws in one frame, between ImGui::NewFrame() and ImGui::Render(): the header, the
/// view tabs — the operator view with its details tabs (measurements, log, instruments, live charts), or the engineer
/// view's run history or yield dashboard — and the prompt dialog, from one station snapshot. It needs an ImGui context
/// with its fonts, but no window and no GPU: PanelApp calls it once per frame, and so does the frame-time benchmark
/// (tests/bench/PanelBench.cpp).
class PanelFrame {
public:
    struct Options {
        std::string station;
        std::string sequence;
        int sockets = 1;
        SerialRule serialRule;                ///< the part's serial rules: a scan that breaks them is refused
        station::DurabilityQuery durability;  ///< where an ended unit's results are: its verdict shows once stored
        std::string database;                 ///< the results database the engineer view reads ("" none)
        PanelView view = PanelView::Operator; ///< the view shown first
        std::shared_ptr<const sequences::Sequence> sequenceFile; ///< the sequence tree's (null: none)
        std::string partNumber;                                  ///< the part number units are scanned as
        bool kiosk = false;                    ///< keep the operator in the operator view; sign-in needed to leave
        bool usersConfigured = false;          ///< the database has users: sign-in gives roles (UserSession)
        std::string operatorName = "operator"; ///< who acts when nobody signed in
        bool batch = false; ///< the batch process model: scans are queued, Start all (F9) starts them together
        DetailsTab details = DetailsTab::Measurements; ///< the operator view's details tab shown first
        double timeScale = 1.0; ///< the station's: the live charts' all-sockets overview aligns sockets with it
    };

    PanelFrame(Options options, StationControl& control);

    /// @brief The fonts of the current ImGui context (loadTheme()); set before the first draw().
    void setFonts(const Fonts& fonts) { m_fonts = fonts; }
    /// @brief Draws the frame from @p snapshot; @p stopping: the station is stopping (the frame says so).
    void draw(const station::StationSnapshot& snapshot, bool stopping);

    const OperatorView& operatorView() const { return m_operator; }
    /// @brief Whether a prompt dialog is showing (it has the keyboard).
    bool promptOpen() const { return m_prompt.open(); }
    PanelView view() const { return m_view; }
    const EngineerView& engineerView() const { return m_engineer; }
    EngineerView& engineerView() { return m_engineer; }
    UserSession& session() { return m_session; }
    const UserSession& session() const { return m_session; }
    const SignInDialog& signInDialog() const { return m_signIn; }
    const ManualControlView& manualControl() const { return m_manual; }
    const OverridesView& overrides() const { return m_overrides; }
    const LiveCharts& liveCharts() const { return m_live; }
    LiveCharts& liveCharts() { return m_live; }
    /// @brief Where the named control was drawn in the last frame (std::nullopt: not drawn): the operator view's
    /// scan field and buttons (Start or Queue, Start all, Terminate, Abort; Abort unit and Keep running in its
    /// confirmation), the prompt's (Yes = PASS, No = FAIL, OK), the tabs (Operator, History, Yield, Sequence,
    /// Measurements, Log, Instruments, Live), and the sign-in, manual-control and overrides controls.
    std::optional<ItemRects::Rect> drawnControl(const std::string& name) const;
    /// @brief The names drawnControl() finds in the last frame.
    std::vector<std::string> drawnControls() const;
    /// @brief Why the kiosk kept the operator view ("" when nothing was refused or the user may leave).
    const std::string& kioskRefusal() const { return m_kioskRefusal; }
    /// @brief Whether the database has users (known once the station opened it, before the first frame).
    void setUsersConfigured(bool configured) { m_session.setUsersConfigured(configured); }

private:
    void drawHeader(const station::StationSnapshot& snapshot, station::WallTime now);
    void drawDetails(const station::StationSnapshot& snapshot);
    /// The kiosk's lock: F5 / F6 / F7 refused and only the operator tab shown, unless a technician or engineer is
    /// signed in. @return whether the user may leave the operator view.
    bool mayLeaveOperatorView(bool asked);
    /// The view tabs; F1 / F5 / F6 / F7 choose one from the keyboard.
    void drawViewTabs(const station::StationSnapshot& snapshot, station::WallTime now, bool stopping);

    Options m_options;
    StationControl& m_control;
    Fonts m_fonts;
    OperatorView m_operator;
    PromptDialog m_prompt;
    LogView m_log;
    EngineerView m_engineer;
    SequenceTreeView m_tree;
    UserSession m_session;
    SignInDialog m_signIn;
    ManualControlView m_manual;
    OverridesView m_overrides;
    LiveCharts m_live;
    ItemRects m_tabs; ///< the view and details tabs
    std::string m_kioskRefusal;
    PanelView m_view;
    bool m_viewChosen = false; ///< the first frame selects Options::view

    bool m_detailsChosen = false; ///< the first operator-view frame selects Options::details
};

} // namespace optiqual::ui
