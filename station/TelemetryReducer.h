#pragma once
#include "sequences/Sequence.h"
#include "station/Events.h"
#include "station/StationSnapshot.h"
#include "station/Telemetry.h"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::station {

/// @brief Folds engine events into each socket's SocketTelemetry (the live charts' data), after SnapshotReducer
/// applied them to the socket views: a pure function of (snapshot, event), bounded in memory.
///
/// The charts are reduced from events, never from instrument reads of their own:
/// - a wait_until's polls (WaitProgress) of a thermal chamber's `temperature`, a chiller's `bathTemperature` /
///   `externalTemperature`, a DAQ's `measureTemperature` (the case thermocouple) or a supply's `measureCurrent`;
/// - measurements (MeasurementRecorded) whose call reads one of those;
/// - the first per-lane measurement in dBm judged against limits (tx_power): the lane bars, latest value per lane;
/// - the first swept trace of a unit with positive y (the BER waterfall), per lane (StepFinished);
/// - the station-side monitor's readings (MonitorReading, TelemetryMonitor), between and during steps.
class TelemetryReducer {
public:
    struct Options {
        double timeScale = 1.0;                         ///< simulation seconds per wall second (events carry wall time)
        std::size_t maxSamples = 1440;                  ///< per series (a wait_until's 10 s poll for four hours)
        double windowSeconds = kTelemetryWindowSeconds; ///< simulation time a series keeps, before its newest sample
        std::size_t maxCurvePoints = 256;               ///< per waterfall lane
        std::size_t maxLanes = 1024;                    ///< lane bars and waterfall curves (LaneSpec::kMaxLane)
    };

    explicit TelemetryReducer(Options options) : m_options(options) {}

    /// @brief Folds @p event into @p snapshot's telemetry (SnapshotReducer calls it after its own fold).
    void apply(StationSnapshot& snapshot, const Event& event) const;

    /// @brief The quantity a call of @p method on an instrument of class @p instrumentClass reads (none: not charted).
    static std::optional<TelemetryQuantity> classify(std::string_view instrumentClass, std::string_view method);
    /// @brief Where @p sequence reads charted quantities (every step, loops, sub-sequences).
    static TelemetrySources sourcesOf(const sequences::Sequence& sequence);

    /// @brief Appends a reading at @p time to @p telemetry's @p quantity series, keeping the bounds.
    void addSample(SocketTelemetry& telemetry, TelemetryQuantity quantity, WallTime time, double value) const;

private:
    std::shared_ptr<const TelemetrySources>
    sourcesFor(const std::shared_ptr<const sequences::Sequence>& sequence) const;

    Options m_options;
    // By sequence content hash, as SnapshotReducer's plans: not what apply() returns, only how fast.
    mutable std::map<std::string, std::shared_ptr<const TelemetrySources>> m_sources;
};

} // namespace optiqual::station
