#pragma once
#include "station/StationSnapshot.h"
#include "ui/LiveChartModel.h"
#include "ui/Palette.h"

#include <imgui.h>
#include <vector>

namespace optiqual::ui {

/// @brief The series colours of the live charts (a screenshot test looks for them in the charts' places).
constexpr Rgb kChamberOrange{0xff, 0x8a, 0x3d};
constexpr Rgb kCoolantCyan{0x4d, 0xd0, 0xe1};
constexpr Rgb kCaseViolet{0xce, 0x93, 0xd8};
constexpr Rgb kCurrentYellow{0xff, 0xd5, 0x4f};
constexpr Rgb kBarBlue{0x64, 0xb5, 0xf6};
/// @brief The waterfall's lanes, one colour per lane position in a port of 8 (lane 1, 9, 17… alike).
constexpr Rgb kLaneColours[8] = {{0x4d, 0xd0, 0xe1}, {0xff, 0x8a, 0x3d}, {0x81, 0xc7, 0x84}, {0xce, 0x93, 0xd8},
                                 {0xff, 0xd5, 0x4f}, {0x90, 0xa4, 0xfe}, {0xf4, 0x8f, 0xb1}, {0xa1, 0x88, 0x7f}};

/// @brief The Live tab (F8): the selected socket's charts side by side, drawn with ImDrawList — temperatures
/// (chamber, coolant, case) and supply current over the last hour of simulation time, the current unit's lane bars
/// against their limit lines, and its BER waterfall on a log axis. Reads only the snapshot; its point buffers are
/// kept between frames, so a frame does not allocate once they have grown.
class LiveCharts {
public:
    /// @brief Draws @p socket's charts (null: no unit seen yet) into @p size at the cursor.
    void draw(const station::SocketView* socket, ImVec2 size);

    /// @brief Where each chart was drawn in the last frame (temperatures, current, bars, waterfall).
    struct Rects {
        ImVec2 min[4], max[4];
    };
    const Rects& rects() const { return m_rects; }

private:
    void drawTemperatures(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    void drawCurrent(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    void drawBars(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    void drawWaterfall(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    /// The series of @p quantities over their window into a chart with a °C or A axis, a legend with each latest value.
    void drawSeries(const station::SocketTelemetry& t, const station::TelemetryQuantity* quantities, const Rgb* colours,
                    int count, const char* title, const char* format, ImVec2 origin, ImVec2 size);

    std::vector<ChartPoint> m_points;
    std::vector<ImVec2> m_screen;
    Rects m_rects{};
};

} // namespace optiqual::ui
