#include "ui/PanelApp.h"

#include "ui/Screenshot.h"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stdexcept>

namespace optiqual::ui {

namespace {

constexpr double kFrameInterval = 1.0 / 60.0;
// Headless, until the picture's units ended: nobody watches these frames, and a software renderer drawing 60 a
// second would take CPU from the simulated station, whose world must keep up with its scaled clock.
constexpr double kHeadlessInterval = 1.0 / 10.0;

std::string g_glfwError; // GLFW reports errors through a plain callback; read on the UI thread right after

void onGlfwError(int code, const char* text) {
    g_glfwError = std::to_string(code) + ": " + (text ? text : "");
}

} // namespace

PanelApp::PanelApp(Options options, StationControl& control)
    : m_options(std::move(options)),
      m_frame({m_options.station, m_options.sequence, m_options.sockets, m_options.serialRule, m_options.durability,
               m_options.database, m_options.view, m_options.sequenceFile, m_options.partNumber, m_options.kiosk, false,
               m_options.operatorName, m_options.batch, m_options.details, m_options.timeScale},
              control) {
    if (m_options.script)
        m_player.emplace(std::move(*m_options.script));
}

PanelApp::~PanelApp() {
    if (m_imgui) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_window)
        glfwDestroyWindow(m_window);
    glfwTerminate();
}

void PanelApp::open() {
    glfwSetErrorCallback(onGlfwError);
    if (!glfwInit())
        throw std::runtime_error("cannot open the panel's window: no display (" + g_glfwError +
                                 "); set DISPLAY, or run it under xvfb-run");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_RESIZABLE, m_options.frames > 0 ? GLFW_FALSE : GLFW_TRUE);
    m_window = glfwCreateWindow(m_options.width, m_options.height, m_options.title.c_str(), nullptr, nullptr);
    if (!m_window)
        throw std::runtime_error("cannot open the panel's window (OpenGL 3.0): " + g_glfwError);
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    m_imgui = true;
    ImGui::GetIO().IniFilename = nullptr; // the layout is the panel's, not a file left in the working directory
    m_frame.setFonts(loadTheme());
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 130");
}

void PanelApp::run(const station::SnapshotPublisher& snapshots, const Hooks& hooks) {
    bool stopping = false;
    int settledFrames = 0;
    auto beginStop = [&] {
        if (!stopping) {
            stopping = true;
            hooks.stop();
        }
    };
    bool settled = false;
    std::chrono::steady_clock::time_point lastFrame;
    while (true) {
        // Waits for input or the next frame's time, whichever comes first: the UI's only wait, never on the engine.
        glfwWaitEventsTimeout((m_options.frames > 0 || m_player) && !settled ? kHeadlessInterval : kFrameInterval);
        const auto frameStart = std::chrono::steady_clock::now();
        // From the second frame on: the first one compiles the shaders and uploads the font atlas.
        if (m_frames > 1)
            m_longestGap = std::max(m_longestGap, frameStart - lastFrame);
        lastFrame = frameStart;
        const bool done = hooks.engineDone();
        if (stopping && done)
            break;
        if (glfwWindowShouldClose(m_window) || hooks.stopRequested() || done)
            beginStop();

        const std::shared_ptr<const station::StationSnapshot> snapshot = snapshots.current();
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        const bool typed = m_player ? true : typeKeys();
        if (m_player)
            m_player->input();
        ImGui::NewFrame();
        m_frame.draw(*snapshot, stopping);
        ImGui::Render();
        int width = 0, height = 0;
        glfwGetFramebufferSize(m_window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.09f, 0.10f, 0.12f, 1.f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        ++m_frames;
        if (m_player && !stopping) {
            if (const std::string png = m_player->afterFrame(m_frame, *snapshot, m_options.durability); !png.empty())
                writeScreenshot(png, width, height);
            if (!m_player->failure().empty() || (m_player->finished() && m_options.frames == 0))
                beginStop();
        }
        // Typed scans count once typed and their units ended (a refused one never starts; a batch's queued one waits
        // for Start all).
        if (m_player)
            settled = settled || m_player->finished();
        else if (m_options.framesFromPrompt)
            settled = settled || m_frame.promptOpen();
        else
            settled =
                settled || (typed && hooks.settled() && snapshot->running() == 0 &&
                            std::none_of(m_frame.operatorView().tiles().begin(), m_frame.operatorView().tiles().end(),
                                         [](const TileState& t) { return t.pending() && !t.queued(); }));
        // The engineer view's picture waits for its answers (the history of the units just stored).
        if (m_options.frames > 0 && !stopping && settled && !m_frame.engineerView().querying() &&
            ++settledFrames >= m_options.frames) {
            if (!m_options.screenshot.empty())
                writeScreenshot(m_options.screenshot, width, height);
            beginStop();
        }
        glfwSwapBuffers(m_window);
    }
}

bool PanelApp::typeKeys() {
    if (m_typedIndex >= m_options.typed.size())
        return true;
    if (m_frames < 3)
        return false; // the scan field takes the keyboard in the first frames
    ImGuiIO& io = ImGui::GetIO();
    switch (m_typingStep) {
    case 0:
        for (char c : m_options.typed[m_typedIndex])
            io.AddInputCharacter(static_cast<unsigned char>(c));
        break;
    case 1:
        io.KeysDown[GLFW_KEY_ENTER] = true;
        break;
    case 2:
        io.KeysDown[GLFW_KEY_ENTER] = false;
        break;
    default: // a frame for the field to take the keyboard back after Enter
        ++m_typedIndex;
        break;
    }
    m_typingStep = (m_typingStep + 1) % 4;
    return false;
}

} // namespace optiqual::ui
