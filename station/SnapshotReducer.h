#pragma once
#include "station/Events.h"
#include "station/RunPlan.h"
#include "station/StationSnapshot.h"
#include "station/TelemetryReducer.h"

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>

namespace optiqual::station {

/// @brief Folds engine events into a StationSnapshot: a pure function of (snapshot, event) → snapshot, so a
/// view's state is reproducible from the event stream and testable without an engine, a thread or a terminal.
///
/// Each run's ETA comes from a RunPlan of its sequence, made once per sequence version by @c Options::plans
/// (default: the static plan at @c Options::timeScale; the command line passes one refined with earlier runs) — and
/// once more for each set of engineering overrides with step run modes a run starts under (RunStarted::overrides), so
/// the steps they skip are neither counted nor timed.
class SnapshotReducer {
public:
    /// @brief The plan of a sequence under a run's overrides (null: none).
    using PlanSource =
        std::function<std::shared_ptr<const RunPlan>(const sequences::Sequence&, const RunOverrides* overrides)>;

    struct Options {
        double timeScale = 1.0;
        int unitsTotal = 0;             ///< units this session will test (0: not known)
        std::size_t keepFinished = 256; ///< finished units kept in the snapshot (counters keep counting)
        std::size_t keepLog = 256;      ///< log lines kept
        PlanSource plans;
        TelemetryReducer::Options telemetry; ///< its timeScale is this one's
    };

    explicit SnapshotReducer(Options options);

    /// @brief An empty snapshot carrying this reducer's lot total.
    StationSnapshot initial() const;
    /// @brief @p snapshot with @p event applied.
    StationSnapshot apply(StationSnapshot snapshot, const Event& event) const;

private:
    /// The socket views' part of apply(); the telemetry's follows it.
    StationSnapshot applyToViews(StationSnapshot snapshot, const Event& event) const;
    std::shared_ptr<const RunPlan> planFor(const std::shared_ptr<const sequences::Sequence>& sequence,
                                           const std::shared_ptr<const RunOverrides>& overrides) const;

    Options m_options;
    TelemetryReducer m_telemetry;
    // Plans by sequence content hash: building one walks the whole sequence, a lot starts hundreds of runs. The
    // cache does not change what apply() returns, only how fast.
    mutable std::map<std::string, std::shared_ptr<const RunPlan>> m_plans;
    // Plans under overrides, by sequence and overrides object (kept alive here, so its address is never another's).
    // The panel makes one overrides object per change: a session holds a handful.
    mutable std::map<std::pair<std::string, std::shared_ptr<const RunOverrides>>, std::shared_ptr<const RunPlan>>
        m_overridden;
};

} // namespace optiqual::station
