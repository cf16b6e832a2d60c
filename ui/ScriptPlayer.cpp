#include "ui/ScriptPlayer.h"

#include "ui/PanelFrame.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <fmt/format.h>

namespace optiqual::ui {

using Kind = ScriptCommand::Kind;
using station::Durability;

namespace {

/// Frames a control or prompt must have stayed put before it is clicked or typed into: a dialog's first frames
/// size and centre it.
constexpr int kSteadyFrames = 3;

std::string seconds(std::chrono::milliseconds d) {
    return fmt::format("{:g} s", double(d.count()) / 1000.0);
}

/// Every unit in the snapshot's finished list has its results stored (or known lost): its verdict shows.
bool resultsStored(const station::StationSnapshot& snapshot, const station::DurabilityQuery& durability) {
    return !durability || std::none_of(snapshot.finished.begin(), snapshot.finished.end(),
                                       [&](const auto& unit) { return durability(unit.runId) == Durability::Pending; });
}

const station::PromptView* openPrompt(const station::StationSnapshot& snapshot) {
    for (const auto& s : snapshot.sockets)
        if (s.prompt)
            return &*s.prompt;
    return nullptr;
}

bool shows(const PanelFrame& frame, const station::StationSnapshot& snapshot, const std::string& text) {
    for (const auto& line : snapshot.log)
        if (line.text.find(text) != std::string::npos)
            return true;
    for (const auto& s : snapshot.sockets)
        if ((s.active && s.stepPath.find(text) != std::string::npos) ||
            (s.prompt && s.prompt->message.find(text) != std::string::npos))
            return true;
    const OverridesView& overrides = frame.overrides();
    for (const std::string* shown : {&frame.operatorView().message(), &overrides.refusal(), &overrides.done()})
        if (shown->find(text) != std::string::npos)
            return true;
    return frame.session().describe().find(text) != std::string::npos;
}

} // namespace

ScriptPlayer::ScriptPlayer(PanelScript script) : m_script(std::move(script)) {}

void ScriptPlayer::input() {
    ImGuiIO& io = ImGui::GetIO();
    for (char c : m_next.characters)
        io.AddInputCharacter(static_cast<unsigned char>(c));
    if (m_next.keyDown >= 0)
        io.KeysDown[m_next.keyDown] = true;
    if (m_next.keyUp >= 0)
        io.KeysDown[m_next.keyUp] = false;
    if (m_mouse)
        io.MousePos = *m_mouse;
    if (m_next.button >= 0)
        io.MouseDown[0] = m_next.button == 1;
    io.MouseWheel += m_next.wheel;
    m_next = {};
}

void ScriptPlayer::next() {
    ++m_index;
    m_step = 0;
    m_steady = 0;
    m_lastCentre.reset();
    m_since = std::chrono::steady_clock::now();
}

void ScriptPlayer::fail(const std::string& reason) {
    m_failure = m_script.where(m_script.commands[m_index]) + ": " + reason;
}

bool ScriptPlayer::typeStep() {
    switch (m_step++) {
    case 0:
        m_next.characters = m_script.commands[m_index].text;
        return false;
    case 1:
        m_next.keyDown = GLFW_KEY_ENTER;
        return false;
    case 2:
        m_next.keyUp = GLFW_KEY_ENTER;
        return false;
    case 3: // a frame for the field to take the keyboard back after Enter
        return false;
    default:
        return true;
    }
}

bool ScriptPlayer::clickStep(const PanelFrame& frame, const std::string& name, const std::string* list, bool late) {
    const ScriptCommand& c = m_script.commands[m_index];
    if (m_step == 0) {
        const auto rect = frame.drawnControl(name);
        if (!rect) {
            m_steady = 0;
            m_lastCentre.reset();
            if (late) {
                std::string shown;
                for (const auto& drawn : frame.drawnControls())
                    shown += (shown.empty() ? "" : ", ") + drawn;
                fail(fmt::format("no control '{}' on screen within {} (on screen: {})", name, seconds(c.timeout),
                                 shown.empty() ? "none" : shown));
            }
            return false;
        }
        // An item outside its list's visible part is scrolled to with the wheel over the list, a notch a frame, as
        // a hand does; its rect is where ImGui laid it out, clipped or not.
        if (list) {
            if (const auto box = frame.drawnControl(*list);
                box && (rect->min.y < box->min.y || rect->max.y > box->max.y)) {
                m_steady = 0;
                m_lastCentre.reset();
                m_mouse = box->centre();
                m_next.wheel = rect->min.y < box->min.y ? 1.f : -1.f;
                if (late)
                    fail(fmt::format("'{}' not scrolled into its list within {}", name, seconds(c.timeout)));
                return false;
            }
        }
        const ImVec2 centre = rect->centre();
        m_steady = m_lastCentre && m_lastCentre->x == centre.x && m_lastCentre->y == centre.y ? m_steady + 1 : 1;
        m_lastCentre = centre;
        if (m_steady < kSteadyFrames) {
            if (late)
                fail(fmt::format("'{}' kept moving for {}", name, seconds(c.timeout)));
            return false;
        }
        m_mouse = centre; // hovered first, as a hand moves the mouse there before pressing
        m_step = 1;
    } else if (m_step == 1) {
        m_next.button = 1;
        m_step = 2;
    } else if (m_step == 2) {
        m_next.button = 0;
        m_step = 3;
    } else {
        m_step = 4;
        return true;
    }
    return false;
}

std::string ScriptPlayer::afterFrame(const PanelFrame& frame, const station::StationSnapshot& snapshot,
                                     const station::DurabilityQuery& durability) {
    ++m_frames;
    if (finished() || !m_failure.empty() || m_frames < 3) // the scan field takes the keyboard in the first frames
        return {};
    const auto now = std::chrono::steady_clock::now();
    if (m_since == std::chrono::steady_clock::time_point{})
        m_since = now;
    const ScriptCommand& c = m_script.commands[m_index];
    const bool late = now - m_since > c.timeout;
    auto await = [&](bool done, const std::string& what) {
        if (done)
            next();
        else if (late)
            fail(fmt::format("{} within {}", what, seconds(c.timeout)));
    };
    switch (c.kind) {
    case Kind::Type:
        if (m_step == 0) {
            if (frame.promptOpen()) {
                fail("a prompt dialog has the keyboard: answer it first (answer, or click Yes, No or OK)");
                break;
            }
            // The field takes the keyboard a frame or more after it shows (after a view switch, say): characters
            // typed before would be lost.
            if (!frame.drawnControl("scan field") || !frame.operatorView().scanFieldActive()) {
                m_steady = 0;
                if (late)
                    fail(frame.drawnControl("scan field")
                             ? fmt::format("the scan field did not take the keyboard within {}", seconds(c.timeout))
                             : fmt::format("no scan field on screen within {} (it is in the operator view: key F1)",
                                           seconds(c.timeout)));
                break;
            }
            if (++m_steady < kSteadyFrames)
                break;
        }
        if (typeStep())
            next();
        break;
    case Kind::Answer:
        if (m_step == 0) {
            const station::PromptView* prompt = openPrompt(snapshot);
            if (!frame.promptOpen() || !prompt) {
                m_steady = 0;
                if (late)
                    fail(fmt::format("no prompt dialog within {}", seconds(c.timeout)));
                break;
            }
            if (prompt->kind != sequences::PromptKind::Number && prompt->kind != sequences::PromptKind::Text) {
                fail("the prompt has no input field: click its Yes, No or OK");
                break;
            }
            if (++m_steady < kSteadyFrames)
                break;
        }
        if (typeStep())
            next();
        break;
    case Kind::Key:
        if (m_step == 0)
            m_next.keyDown = c.key;
        else if (m_step == 1)
            m_next.keyUp = c.key;
        else if (m_step == 3) { // two frames for what the key chose to show (a tab shows the frame after it is chosen)
            next();
            break;
        }
        ++m_step;
        break;
    case Kind::Click:
        if (clickStep(frame, c.text, nullptr, late))
            next();
        break;
    case Kind::Choose: {
        const std::string list = "list " + c.list;
        if (clickStep(frame, c.list + " " + c.text, &list, late))
            next();
        break;
    }
    case Kind::Fill:
        if (m_step < 4) {
            clickStep(frame, c.list, nullptr, late);
        } else if (m_step == 4) { // the field took the keyboard on the click
            m_next.characters = c.text;
            ++m_step;
        } else if (m_step == 5) { // a frame for the field to take the characters
            ++m_step;
        } else {
            next();
        }
        break;
    case Kind::WaitPrompt:
        await(frame.promptOpen(), "no prompt dialog");
        break;
    case Kind::WaitIdle: {
        const auto& tiles = frame.operatorView().tiles();
        const bool idle =
            snapshot.running() == 0 && !frame.promptOpen() && resultsStored(snapshot, durability) &&
            std::none_of(tiles.begin(), tiles.end(), [](const TileState& t) { return t.pending() && !t.queued(); });
        await(idle, "the station did not become idle");
        break;
    }
    case Kind::WaitEnded:
        await(snapshot.lot.finished >= c.count && resultsStored(snapshot, durability),
              fmt::format("{} of {} unit(s) ended (results stored)", snapshot.lot.finished, c.count));
        break;
    case Kind::WaitText:
        await(shows(frame, snapshot, c.text), fmt::format("\"{}\" not shown", c.text));
        break;
    case Kind::Screenshot:
        // Two frames first: what the previous command changed has been laid out.
        if (m_step++ < 2)
            break;
        next();
        return c.text;
    }
    return {};
}

} // namespace optiqual::ui
