#pragma once
#include <algorithm>
#include <imgui.h>
#include <string>
#include <vector>

namespace optiqual::ui::test {

/// Whether the last frame (ImGui::Render() done) drew @p text with the context's first font: its glyphs' vertices,
/// matched in order (ImGui's log stops at the first window's end, so the frame's draw lists are read instead).
inline bool drawnText(const std::string& text) {
    ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
    std::vector<ImWchar> visible;
    for (unsigned char c : text)
        if (c != ' ')
            visible.push_back(c);
    const ImDrawData* data = ImGui::GetDrawData();
    for (int l = 0; l < data->CmdListsCount; ++l) {
        const ImDrawList* list = data->CmdLists[l];
        // Each glyph is a quad of 4 vertices whose UVs are the glyph's in the atlas: match the sequence of glyphs.
        std::vector<ImWchar> drawn;
        for (int v = 0; v + 3 < list->VtxBuffer.Size; v += 4) {
            const ImVec2 uv = list->VtxBuffer[v].uv;
            ImWchar found = 0;
            for (const ImFontGlyph& g : font->Glyphs)
                if (g.U0 == uv.x && g.V0 == uv.y && g.Visible) {
                    found = static_cast<ImWchar>(g.Codepoint);
                    break;
                }
            drawn.push_back(found);
        }
        if (std::search(drawn.begin(), drawn.end(), visible.begin(), visible.end()) != drawn.end())
            return true;
    }
    return false;
}

} // namespace optiqual::ui::test
