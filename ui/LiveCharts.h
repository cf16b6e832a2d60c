#pragma once
#include "station/StationSnapshot.h"
#include "ui/ItemRects.h"
#include "ui/LiveChartModel.h"
#include "ui/Palette.h"

#include <imgui.h>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief The series colours of the live charts (a screenshot test looks for them in the charts' places).
constexpr Rgb kChamberOrange{0xff, 0x8a, 0x3d};
constexpr Rgb kCoolantCyan{0x4d, 0xd0, 0xe1};
constexpr Rgb kCaseViolet{0xce, 0x93, 0xd8};
constexpr Rgb kCurrentYellow{0xff, 0xd5, 0x4f};
constexpr Rgb kBarBlue{0x64, 0xb5, 0xf6};

/// @brief The Live tab (F8): the selected socket's charts side by side, drawn with ImDrawList — temperatures
/// (chamber, coolant, case) and supply current over the last hours of simulation time, the current unit's lane bars
/// against their limit lines, and its BER waterfall on a log axis — or, in the all-sockets overview, every socket's
/// chamber, coolant, case and supply-current series, a colour per socket, on one time axis. A chart under the mouse
/// shows a tooltip: the time, each series' reading nearest to it with its unit; a bar's lane, value and limits; a
/// waterfall point's lane, x and BER. Reads only the snapshot; its point buffers are kept between frames, so a frame
/// does not allocate once they have grown.
class LiveCharts {
public:
    enum class Mode { Socket, AllSockets };

    /// @brief The Live tab into @p size at the cursor: the mode switch ("Selected socket", "All sockets"), then
    /// @p selected socket's charts or the overview of every socket.
    void drawTab(const station::StationSnapshot& snapshot, int selected, ImVec2 size);
    /// @brief Draws @p socket's charts (null: no unit seen yet) into @p size at the cursor.
    void draw(const station::SocketView* socket, ImVec2 size);
    /// @brief Draws every socket's series, a colour per socket (socketColour()), into @p size at the cursor.
    void drawOverview(const station::StationSnapshot& snapshot, ImVec2 size);

    Mode mode() const { return m_mode; }
    void setMode(Mode mode) { m_mode = mode; }
    /// @brief The station's time scale: the overview puts each socket's simulation time on one axis with it.
    void setTimeScale(double timeScale) { m_timeScale = timeScale > 0 ? timeScale : 1.0; }
    /// @brief The mode switch's controls ("Selected socket", "All sockets") as last drawn.
    const ItemRects& controls() const { return m_controls; }

    /// @brief Where each chart was drawn in the last frame (temperatures, current, bars, waterfall; in the overview:
    /// chamber, coolant, case, current).
    struct Rects {
        ImVec2 min[4], max[4];
    };
    const Rects& rects() const { return m_rects; }
    /// @brief The last tooltip's text ("" when the mouse was over no chart's plot): what the operator read.
    const std::string& tooltip() const { return m_tooltip; }

private:
    void drawTemperatures(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    void drawCurrent(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    void drawBars(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    void drawWaterfall(const station::SocketTelemetry& t, ImVec2 origin, ImVec2 size);
    /// The series of @p quantities over their window into a chart with a °C or A axis, a legend with each latest value.
    void drawSeries(const station::SocketTelemetry& t, const station::TelemetryQuantity* quantities, const Rgb* colours,
                    int count, const char* title, const char* format, ImVec2 origin, ImVec2 size);
    /// One quantity of every socket in m_overview into a chart, on the common time axis.
    void drawAllSockets(station::TelemetryQuantity quantity, ImVec2 origin, ImVec2 size);
    void showTooltip();

    /// A socket's series in the overview, moved onto the common time axis by @c offset simulation seconds.
    struct OverviewSocket {
        int socket = 0;
        const station::SocketTelemetry* telemetry = nullptr;
        double offset = 0;
    };

    Mode m_mode = Mode::Socket;
    double m_timeScale = 1.0;
    std::vector<ChartPoint> m_points;
    std::vector<ChartPoint> m_hits;
    std::vector<ImVec2> m_screen;
    std::vector<OverviewSocket> m_overview;
    std::string m_tooltip;
    ItemRects m_controls;
    Rects m_rects{};
};

} // namespace optiqual::ui
