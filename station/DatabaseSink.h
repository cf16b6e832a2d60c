#pragma once
#include "db/ResultWriter.h"
#include "station/Durability.h"
#include "station/EventBus.h"
#include "station/Events.h"

#include <condition_variable>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief Feeds the engine's events to the results database: RunStarted → a run, StepFinished → a step with its
/// measurements (committed when the step ends, by the writer's own thread), RunFinished → the run's outcome.
/// Run-mode overrides are recorded as audit events (who, why); so are a run's engineering overrides from the panel
/// (RunStarted::overrides: `override.run_mode`, `override.limit_set`, tied to the run). Runs on its EventBus worker
/// thread; the writer queues and never makes it wait on the disk.
class DatabaseSink : public EventSink {
public:
    DatabaseSink(db::ResultWriter& writer, db::StationInfo station, std::vector<db::InstrumentInfo> instruments);
    void onEvent(const Event& event) override;

    /// @brief The database run id of engine run @p runId, 0 if not (yet) stored. Waits for the writer.
    std::int64_t databaseId(std::uint64_t runId);
    /// @brief Waits until engine run @p runId has ended and it is durable: its end and every step before it
    /// committed. @return false when some of its records could not be stored. Call from another sink's thread
    /// (the console, the panel) to show a verdict only once it is in the database.
    bool awaitDurable(std::uint64_t runId);
    /// @brief Without waiting: whether engine run @p runId has ended and is durable (awaitDurable() would answer
    /// true at once).
    bool isDurable(std::uint64_t runId);
    /// @brief Without waiting: Pending until engine run @p runId has ended and its records are committed, then
    /// Stored, or Lost when some could not be stored. Takes the sink's lock for a map lookup only: the panel asks
    /// it every frame, LiveTerminal and PlainProgress before they show a unit's verdict.
    Durability durability(std::uint64_t runId);
    /// @brief Without waiting: whether the @p ordinal-th step to finish in engine run @p runId (1, 2, … in the
    /// order of its StepFinished events) is committed with every step before it — or the whole run is. The gate a
    /// console asks before it shows a step as finished: what it showed is in the database.
    bool stepDurable(std::uint64_t runId, int ordinal);
    /// @brief stepDurable() as a Durability: Stored, Pending, or Lost once the run is known lost (nothing more of
    /// it will be committed, so a console shows the step at once and says so).
    Durability stepDurability(std::uint64_t runId, int ordinal);

private:
    /// One audit row per override in @p e's RunOverrides, tied to @p run.
    void auditOverrides(const RunStarted& e, const db::RunHandle& run);

    db::ResultWriter& m_writer;
    db::StationInfo m_station;
    std::vector<db::InstrumentInfo> m_instruments;
    std::mutex m_mutex;
    std::condition_variable m_ended;
    std::map<std::uint64_t, db::RunTicket> m_runs;
    std::map<std::uint64_t, std::shared_future<bool>> m_durable; // runs whose end was handed to the writer
};

} // namespace optiqual::station
