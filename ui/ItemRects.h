#pragma once
#include <imgui.h>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief Where a view drew its named controls: scripted tests and `optiqual panel --script` move the mouse there
/// through ImGuiIO, exactly as a user's click arrives.
class ItemRects {
public:
    struct Rect {
        ImVec2 min;
        ImVec2 max;
        int frame = 0; ///< ImGui::GetFrameCount() when it was drawn
        ImVec2 centre() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
    };

    /// @brief Notes the last item drawn (ImGui::GetItemRectMin/Max) as @p name.
    void note(const std::string& name) {
        m_rects[name] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ImGui::GetFrameCount()};
    }
    /// @brief Where @p name was last drawn (in any frame).
    std::optional<Rect> find(const std::string& name) const {
        const auto it = m_rects.find(name);
        return it == m_rects.end() ? std::nullopt : std::optional<Rect>(it->second);
    }
    /// @brief Where @p name was drawn in the current (or just rendered) frame; std::nullopt when it was not.
    std::optional<Rect> drawn(const std::string& name) const {
        auto rect = find(name);
        return rect && rect->frame == ImGui::GetFrameCount() ? rect : std::nullopt;
    }
    /// @brief Appends the names drawn in the current (or just rendered) frame to @p names.
    void drawnNames(std::vector<std::string>& names) const {
        for (const auto& [name, rect] : m_rects)
            if (rect.frame == ImGui::GetFrameCount())
                names.push_back(name);
    }

private:
    std::map<std::string, Rect> m_rects;
};

} // namespace optiqual::ui
