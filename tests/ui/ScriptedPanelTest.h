#pragma once
#include "ui/ItemRects.h"

#include <chrono>
#include <gtest/gtest.h>
#include <imgui.h>
#include <optional>
#include <string>
#include <thread>

namespace optiqual::ui::test {

/// @brief A test that drives a panel through ImGuiIO as a user does — the mouse at an item's rect, typed characters,
/// keys — one frame (NewFrame → draw → Render) at a time; the fixture says what a frame draws.
class ScriptedPanelTest : public ::testing::Test {
protected:
    /// @brief A headless ImGui context of 1280 × 800 with its font atlas built, one frame a sixtieth of a second;
    /// the caller destroys it.
    static void createHeadlessContext() {
        ImGui::CreateContext();
        ImGuiIO& gui = ImGui::GetIO();
        gui.IniFilename = nullptr;
        unsigned char* pixels = nullptr;
        int width = 0, height = 0;
        gui.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
        gui.DisplaySize = ImVec2(1280, 800);
        gui.DeltaTime = 1.f / 60.f;
    }

    /// @brief One frame of the panel under test.
    virtual void frame() = 0;

    /// @brief Presses and releases the left button at the centre of @p rect (named @p what in a failure).
    void click(const std::optional<ItemRects::Rect>& rect, const std::string& what = "the control") {
        ASSERT_TRUE(rect) << what << " was drawn";
        ImGuiIO& gui = ImGui::GetIO();
        gui.MousePos = rect->centre();
        frame();
        gui.MouseDown[0] = true;
        frame();
        gui.MouseDown[0] = false;
        frame();
    }
    /// @brief @p text typed into the focused field.
    void type(const std::string& text) {
        for (char c : text)
            ImGui::GetIO().AddInputCharacter(static_cast<unsigned char>(c));
        frame();
        frame();
    }
    /// @brief Key @p key (the backend's code, as the panel's KeyMap has it) pressed and released.
    void press(int key) {
        ImGui::GetIO().KeysDown[key] = true;
        frame();
        ImGui::GetIO().KeysDown[key] = false;
        frame();
    }
    /// @brief Draws frames until @p done (the engine and the database answer from other threads), at most @p limit;
    /// a millisecond between frames, as the panel draws them, not a busy loop against the threads it waits on.
    template <typename F> bool until(F done, std::chrono::milliseconds limit = std::chrono::seconds(30)) {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!done()) {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            frame();
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return true;
    }
};

} // namespace optiqual::ui::test
