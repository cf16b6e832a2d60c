#pragma once
#include <imgui.h>
#include <map>
#include <optional>
#include <string>

namespace optiqual::ui {

/// @brief Where a view drew its named controls in the last frame: scripted tests move the mouse there through
/// ImGuiIO, exactly as a user's click arrives.
class ItemRects {
public:
    struct Rect {
        ImVec2 min;
        ImVec2 max;
        ImVec2 centre() const { return {(min.x + max.x) / 2, (min.y + max.y) / 2}; }
    };

    /// @brief Notes the last item drawn (ImGui::GetItemRectMin/Max) as @p name.
    void note(const std::string& name) { m_rects[name] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}; }
    std::optional<Rect> find(const std::string& name) const {
        const auto it = m_rects.find(name);
        return it == m_rects.end() ? std::nullopt : std::optional<Rect>(it->second);
    }

private:
    std::map<std::string, Rect> m_rects;
};

} // namespace optiqual::ui
