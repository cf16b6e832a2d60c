#pragma once
#include "sequences/Verdict.h"

#include <array>
#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::station {

/// @brief The simulation time a series keeps and a live chart shows: four hours, an XPO unit's three temperature
/// corners with their soaks.
inline constexpr double kTelemetryWindowSeconds = 4 * 3600;

/// @brief What a live chart plots over time.
enum class TelemetryQuantity { Chamber, Coolant, Case, SupplyCurrent };
inline constexpr std::size_t kTelemetryQuantities = 4;

/// @brief "chamber", "coolant", "case", "supply current": a chart's legend.
std::string_view toString(TelemetryQuantity q);
/// @brief The unit a quantity is plotted in: "°C" or "A".
std::string_view unitOf(TelemetryQuantity q);

/// @brief One reading: simulation seconds since the socket's first run began in this session, and the value.
struct TelemetrySample {
    double t = 0;
    double value = 0;
};

/// @brief The recent readings of one quantity, oldest first, bounded by count and by a window of simulation time.
struct TelemetrySeries {
    std::vector<TelemetrySample> samples;
};

/// @brief The latest value of one lane of a per-lane measurement, with the limit it was judged against.
struct LaneBar {
    int lane = 0;
    double value = 0;
    std::optional<double> low, high;
    sequences::Verdict outcome = sequences::Verdict::NotRun;
};

/// @brief One lane's curve of a swept trace (BER against received power), in the order the sweep took it.
struct WaterfallCurve {
    int lane = 0;
    std::vector<double> x, y;
};

/// @brief Where a socket's sequence reads what the charts plot: its measurements whose call reads a plotted quantity
/// (`case_temperature` → case, by `daq.measureTemperature`), and each role's instrument class, for wait_until polls.
struct TelemetrySources {
    std::map<std::string, TelemetryQuantity, std::less<>> measurements;
    std::map<std::string, std::string, std::less<>> roleClasses; ///< "chamber" → "ThermalChamber"
};

/// @brief What the live charts of one socket show: temperatures and supply current over time (kept across units),
/// the current unit's per-lane TX power bars and its BER waterfall (cleared when a unit starts).
struct SocketTelemetry {
    std::array<TelemetrySeries, kTelemetryQuantities> series;
    bool originSet = false;
    std::chrono::system_clock::time_point origin; ///< wall time of t = 0

    std::string barsName;      ///< the per-lane measurement the bars show ("tx_power"); empty: none yet
    std::string barsUnit;      ///< its unit ("dBm")
    std::vector<LaneBar> bars; ///< by lane, ascending

    std::string waterfallName;             ///< the trace ("ber_waterfall"); empty: none yet
    std::string waterfallX, waterfallY;    ///< axis names with units ("received_oma (dBm)", "ber")
    std::vector<WaterfallCurve> waterfall; ///< by lane, ascending

    std::shared_ptr<const TelemetrySources> sources; ///< of the current unit's sequence (null: none yet)

    const TelemetrySeries& of(TelemetryQuantity q) const { return series[std::size_t(q)]; }
    TelemetrySeries& of(TelemetryQuantity q) { return series[std::size_t(q)]; }
};

} // namespace optiqual::station
