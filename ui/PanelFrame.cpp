#include "ui/PanelFrame.h"

#include "station/ProgressRenderer.h"
#include "ui/InstrumentsView.h"
#include "ui/MeasurementTable.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <optional>
#include <utility>

namespace optiqual::ui {

PanelFrame::PanelFrame(Options options, StationControl& control)
    : m_options(std::move(options)), m_control(control),
      m_operator(m_options.sockets, control, m_options.serialRule, m_options.durability, m_options.batch),
      m_engineer(m_options.database, m_options.durability), m_tree(m_options.sequenceFile, m_options.partNumber),
      m_session(m_options.usersConfigured, m_options.operatorName), m_signIn(m_options.database),
      m_overrides(m_options.sequenceFile, m_options.partNumber),
      m_view(m_options.kiosk ? PanelView::Operator : m_options.view) {
    m_live.setTimeScale(m_options.timeScale);
}

void PanelFrame::draw(const station::StationSnapshot& snapshot, bool stopping) {
    const station::WallTime now = std::chrono::system_clock::now();
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->Pos);
    ImGui::SetNextWindowSize(viewport->Size);
    ImGui::Begin("OptiQual panel", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PushFont(m_fonts.body);
    drawHeader(snapshot, now);
    if (stopping) {
        ImGui::PushStyleColor(ImGuiCol_Text, toImVec4(kAbortedAmber));
        ImGui::TextUnformatted("Stopping: no new units; running units are aborted, their cleanup and the "
                               "instruments' safe state still run.");
        ImGui::PopStyleColor();
    }
    drawViewTabs(snapshot, now, stopping);
    m_prompt.draw(snapshot, now, m_control, m_fonts);
    ImGui::PopFont();
    ImGui::End();
}

void PanelFrame::drawHeader(const station::StationSnapshot& snapshot, station::WallTime now) {
    ImGui::PushFont(m_fonts.large);
    ImGui::TextUnformatted(m_options.station.c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", m_options.sequence.c_str());
    station::ProgressRenderer::Options o;
    o.now = now;
    const std::string summary = station::ProgressRenderer::summaryLine(snapshot, o);
    ImGui::SameLine();
    ImGui::SetCursorPosX(std::max(ImGui::GetCursorPosX(),
                                  ImGui::GetWindowContentRegionMax().x - ImGui::CalcTextSize(summary.c_str()).x));
    ImGui::TextUnformatted(summary.c_str());
    m_signIn.draw(m_session, m_fonts);
    if (m_options.kiosk) {
        ImGui::SameLine();
        ImGui::TextDisabled("  kiosk");
    }
    if (!m_kioskRefusal.empty())
        ImGui::TextColored(toImVec4(kAbortedAmber), "%s", m_kioskRefusal.c_str());
    ImGui::Separator();
}

void PanelFrame::drawViewTabs(const station::StationSnapshot& snapshot, station::WallTime now, bool stopping) {
    std::optional<PanelView> select;
    if (!m_viewChosen)
        select = m_view;
    m_viewChosen = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_F1))
        select = PanelView::Operator;
    if (ImGui::IsKeyPressed(GLFW_KEY_F5))
        select = PanelView::History;
    if (ImGui::IsKeyPressed(GLFW_KEY_F6))
        select = PanelView::Yield;
    if (ImGui::IsKeyPressed(GLFW_KEY_F7))
        select = PanelView::Sequence;
    const bool mayLeave = mayLeaveOperatorView(select && *select != PanelView::Operator);
    if (!mayLeave && (m_view != PanelView::Operator || select))
        select = PanelView::Operator; // refused, or signed out elsewhere: back to the operator view
    if (!ImGui::BeginTabBar("views"))
        return;
    struct ViewTab {
        PanelView view;
        const char* label;
        const char* name; ///< in ItemRects
    };
    const ViewTab views[] = {{PanelView::Operator, "Operator (F1)", "Operator"},
                             {PanelView::History, "History (F5)", "History"},
                             {PanelView::Yield, "Yield (F6)", "Yield"},
                             {PanelView::Sequence, "Sequence (F7)", "Sequence"}};
    for (const auto& [view, label, name] : views) {
        if (!mayLeave && view != PanelView::Operator)
            continue;
        const bool open = ImGui::BeginTabItem(label, nullptr, select == view ? ImGuiTabItemFlags_SetSelected : 0);
        m_tabs.note(name);
        if (!open)
            continue;
        m_view = view;
        if (view == PanelView::Operator) {
            const float details = std::max(200.f, ImGui::GetContentRegionAvail().y * 0.36f);
            m_operator.draw(snapshot, now, m_fonts, ImGui::GetContentRegionAvail().y - details,
                            m_prompt.open() || stopping);
            drawDetails(snapshot);
        } else if (view == PanelView::History) {
            m_engineer.drawHistory(snapshot, m_fonts);
        } else if (view == PanelView::Yield) {
            m_engineer.drawYield(snapshot, m_fonts);
        } else {
            m_overrides.draw(m_session, m_control, m_fonts);
            m_tree.draw();
        }
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

bool PanelFrame::mayLeaveOperatorView(bool asked) {
    if (!m_options.kiosk) {
        m_kioskRefusal.clear();
        return true;
    }
    const auto why = m_session.refusal(db::Role::Technician, "Leaving the operator view (kiosk)");
    if (!why)
        m_kioskRefusal.clear();
    else if (asked)
        m_kioskRefusal = *why;
    return !why;
}

void PanelFrame::drawDetails(const station::StationSnapshot& snapshot) {
    // F2 / F3 / F4 / F8 pick a tab from the keyboard (GLFW key codes: ImGui 1.86 keeps them in io.KeysDown).
    int select = -1;
    if (!m_detailsChosen)
        select = int(m_options.details);
    m_detailsChosen = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_F2))
        select = 0;
    if (ImGui::IsKeyPressed(GLFW_KEY_F3))
        select = 1;
    if (ImGui::IsKeyPressed(GLFW_KEY_F4))
        select = 2;
    if (ImGui::IsKeyPressed(GLFW_KEY_F8))
        select = 3;
    if (!ImGui::BeginTabBar("details"))
        return;
    const char* labels[] = {"Measurements (F2)", "Log (F3)", "Instruments (F4)", "Live (F8)"};
    const char* names[] = {"Measurements", "Log", "Instruments", "Live"};
    for (int i = 0; i < 4; ++i) {
        const bool open = ImGui::BeginTabItem(labels[i], nullptr, select == i ? ImGuiTabItemFlags_SetSelected : 0);
        m_tabs.note(names[i]);
        if (!open)
            continue;
        if (i == 0)
            drawMeasurementTable(snapshot.socket(m_operator.selectedSocket()));
        else if (i == 1)
            m_log.draw(snapshot);
        else if (i == 3)
            m_live.drawTab(snapshot, m_operator.selectedSocket(), ImGui::GetContentRegionAvail());
        else {
            m_manual.draw(snapshot, m_session, m_control, m_fonts);
            drawInstruments(snapshot);
        }
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

std::optional<ItemRects::Rect> PanelFrame::drawnControl(const std::string& name) const {
    for (const ItemRects* rects : {&m_operator.rects(), &m_prompt.rects(), &m_tabs, &m_signIn.rects(),
                                   &m_manual.rects(), &m_overrides.rects(), &m_live.controls()})
        if (auto rect = rects->drawn(name))
            return rect;
    return std::nullopt;
}

std::vector<std::string> PanelFrame::drawnControls() const {
    std::vector<std::string> names;
    for (const ItemRects* rects : {&m_operator.rects(), &m_prompt.rects(), &m_tabs, &m_signIn.rects(),
                                   &m_manual.rects(), &m_overrides.rects(), &m_live.controls()})
        rects->drawnNames(names);
    return names;
}

} // namespace optiqual::ui
