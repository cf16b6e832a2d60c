#include "ui/OperatorView.h"

#include "ui/SerialCheck.h"
#include "ui/SocketTile.h"
#include "ui/TileModel.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <fmt/format.h>

namespace optiqual::ui {

namespace {

constexpr const char* kAbortPopup = "Abort the unit?";

bool running(const station::StationSnapshot& snapshot, int socket) {
    const station::SocketView* v = snapshot.socket(socket);
    return v && v->active;
}

} // namespace

OperatorView::OperatorView(int sockets, StationControl& control, SerialRule rule, station::DurabilityQuery durability,
                           bool batch)
    : m_control(control), m_batch(batch), m_rule(std::move(rule)), m_durability(std::move(durability)),
      m_tiles(std::size_t(std::max(sockets, 1))) {}

std::string OperatorView::batchBusy(const station::StationSnapshot& snapshot) const {
    for (std::size_t i = 0; i < m_tiles.size(); ++i)
        if (running(snapshot, int(i) + 1) || (m_tiles[i].pending() && !m_tiles[i].queued()))
            return "a batch starts and ends together: scan the next units once this batch has ended";
    return {};
}

void OperatorView::scan(const std::string& text, const station::StationSnapshot& snapshot) {
    if (m_batch)
        if (const std::string busy = batchBusy(snapshot); !busy.empty()) {
            m_entry.refuse(fmt::format("{} refused: {}", text, busy));
            m_entry.clear();
            return;
        }
    // A batch fills its sockets from the first on (RunOptions::units: socket i+1 tests the i-th unit).
    const ScanDecision d = decideScan(text, m_batch ? 0 : m_selected, snapshot, m_tiles, m_rule);
    if (!d.refusal.empty()) {
        // The field is cleared either way: a scanner's next label must not land behind a refused one (the message
        // names the refused serial).
        m_entry.refuse(d.refusal);
        m_entry.clear();
        return;
    }
    const station::SocketView* view = snapshot.socket(d.socket);
    m_tiles[std::size_t(d.socket - 1)].scanned(d.serial, view ? view->runId : 0, m_batch);
    if (m_batch) {
        m_entry.accept(fmt::format("{} \u2192 socket {}, queued: Start all (F9) starts the batch", d.serial, d.socket));
    } else {
        m_control.start(d.socket, d.serial);
        m_entry.accept(fmt::format("{} \u2192 socket {}", d.serial, d.socket));
    }
    m_entry.clear();
    m_selected = d.socket;
}

void OperatorView::startAll(const station::StationSnapshot& snapshot) {
    if (!m_batch) {
        m_entry.refuse("Start all is for the batch process model: here each socket starts when its serial is scanned");
        return;
    }
    if (const std::string busy = batchBusy(snapshot); !busy.empty()) {
        m_entry.refuse("Start all refused: " + busy);
        return;
    }
    // A batch's units are sockets 1…k (RunOptions::units): scans fill them in order, but a removed unit leaves a gap
    // that the next scan fills; until then the batch cannot start.
    std::size_t last = 0;
    for (std::size_t i = 0; i < m_tiles.size(); ++i)
        if (m_tiles[i].queued())
            last = i + 1;
    for (std::size_t i = 0; i < last; ++i)
        if (!m_tiles[i].queued()) {
            m_entry.refuse(
                fmt::format("Start all refused: socket {} is empty while socket {} waits (a batch's units are "
                            "sockets 1 to {}): scan a unit into socket {} or remove socket {}'s",
                            i + 1, last, last, i + 1, last));
            return;
        }
    std::vector<std::string> serials;
    for (std::size_t i = 0; i < last; ++i) {
        serials.push_back(m_tiles[i].pendingSerial());
        m_tiles[i].release();
    }
    if (serials.empty()) {
        m_entry.refuse("Start all: no unit queued; scan a serial into each socket first");
        return;
    }
    m_entry.accept(fmt::format("batch of {} started", serials.size()));
    m_control.startBatch(std::move(serials));
}

void OperatorView::removeQueued(int socket) {
    if (socket < 1 || socket > int(m_tiles.size()) || !m_tiles[std::size_t(socket - 1)].queued()) {
        m_entry.refuse(fmt::format("Remove: no unit is queued in socket {}", socket));
        return;
    }
    // Nothing was sent to the engine for a queued unit: dropping it here is all there is to undo.
    const std::string serial = m_tiles[std::size_t(socket - 1)].removeQueued();
    m_entry.accept(fmt::format("{} removed from socket {}: not tested", serial, socket));
}

void OperatorView::drawRemoveButton(int socket) {
    if (ImGui::Button("Remove"))
        m_removeRequest = socket;
    m_rects.note(fmt::format("Remove {}", socket));
}

void OperatorView::draw(const station::StationSnapshot& snapshot, station::WallTime now, const Fonts& fonts,
                        float height, bool dialogOpen) {
    for (std::size_t i = 0; i < m_tiles.size(); ++i)
        m_tiles[i].observe(snapshot.socket(int(i) + 1));

    ImGui::BeginChild("operator", ImVec2(0, height), false, ImGuiWindowFlags_NoScrollbar);
    drawControls(snapshot, fonts, dialogOpen || m_confirmAbort != 0);

    auto tiles = buildTiles(snapshot, m_tiles, now, m_durability);
    // Engineering overrides show on every tile while they are set, so no unit is passed under them unnoticed.
    if (const auto overrides = m_control.overrides(); overrides && !overrides->empty())
        for (auto& tile : tiles)
            tile.banner = overrides->banner();
    const int columns = std::min<int>(int(tiles.size()), 4);
    const int rows = (int(tiles.size()) + columns - 1) / columns;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const ImVec2 size((avail.x - spacing * float(columns - 1)) / float(columns),
                      std::max(260.f, (avail.y - spacing * float(rows - 1)) / float(rows)));
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        if (i % std::size_t(columns) != 0)
            ImGui::SameLine();
        const int socket = tiles[i].socket;
        const bool removable = m_tiles[i].queued();
        if (drawSocketTile(tiles[i], socket == m_selected, fonts, size,
                           removable ? [this, socket] { drawRemoveButton(socket); } : std::function<void()>{}))
            m_selected = socket;
        m_rects.note(fmt::format("tile {}", socket)); // `click tile N` in a panel script
    }
    // Delete takes the selected socket's queued unit out, unless the scan field holds text (there Delete edits it).
    if (m_batch && !dialogOpen && m_entry.text().empty() && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete)) &&
        m_tiles[std::size_t(m_selected - 1)].queued())
        m_removeRequest = m_selected;
    if (m_removeRequest != 0) {
        removeQueued(m_removeRequest);
        m_removeRequest = 0;
    }
    drawAbortConfirm(snapshot, fonts);
    ImGui::EndChild();
}

void OperatorView::drawControls(const station::StationSnapshot& snapshot, const Fonts& fonts, bool dialogOpen) {
    const int count = m_batch ? 4 : 3;
    const float buttons = float(count) * (170.f + ImGui::GetStyle().ItemSpacing.x);
    if (auto entered = m_entry.draw(fonts, std::max(200.f, ImGui::GetContentRegionAvail().x - buttons), !dialogOpen))
        scan(*entered, snapshot);
    m_rects.note("scan field");
    m_scanFieldActive = ImGui::IsItemActive();
    ImGui::PushFont(fonts.large);
    const ImVec2 button(170, 0);
    ImGui::SameLine();
    if (ImGui::Button(m_batch ? "Queue" : "Start", button))
        scan(m_entry.text(), snapshot);
    m_rects.note(m_batch ? "Queue" : "Start");
    if (m_batch) {
        ImGui::SameLine();
        if (ImGui::Button("Start all (F9)", button) || (!dialogOpen && ImGui::IsKeyPressed(GLFW_KEY_F9)))
            startAll(snapshot);
        m_rects.note("Start all");
    }
    const bool canStop = running(snapshot, m_selected);
    ImGui::BeginDisabled(!canStop);
    ImGui::SameLine();
    if (ImGui::Button("Terminate", button))
        m_control.terminate(m_selected);
    m_rects.note("Terminate");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, toImVec4(kFailRed));
    if (ImGui::Button("Abort", button))
        m_confirmAbort = m_selected;
    m_rects.note("Abort");
    ImGui::PopStyleColor();
    ImGui::EndDisabled();
    ImGui::PopFont();
    m_entry.drawMessage();
}

void OperatorView::drawAbortConfirm(const station::StationSnapshot& snapshot, const Fonts& fonts) {
    if (m_confirmAbort == 0)
        return;
    if (!ImGui::IsPopupOpen(kAbortPopup))
        ImGui::OpenPopup(kAbortPopup);
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(kAbortPopup, nullptr, ImGuiWindowFlags_AlwaysAutoResize))
        return;
    const station::SocketView* v = snapshot.socket(m_confirmAbort);
    ImGui::PushFont(fonts.large);
    ImGui::Text("Abort socket %d (%s)?", m_confirmAbort, v ? v->serial.c_str() : "");
    ImGui::PopFont();
    ImGui::TextUnformatted("The current step is cancelled at once; the unit ends ABORTED.");
    ImGui::TextUnformatted("Cleanup steps still run, and this socket's instruments go to their safe state.");
    ImGui::PushFont(fonts.large);
    bool close = false;
    ImGui::PushStyleColor(ImGuiCol_Button, toImVec4(kFailRed));
    if (ImGui::Button("Abort unit", ImVec2(220, 0))) {
        if (running(snapshot, m_confirmAbort))
            m_control.abort(m_confirmAbort);
        close = true;
    }
    m_rects.note("Abort unit");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    const bool keep = ImGui::Button("Keep running", ImVec2(220, 0));
    m_rects.note("Keep running");
    if (keep || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        close = true;
    ImGui::PopFont();
    if (close) {
        m_confirmAbort = 0;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

} // namespace optiqual::ui
