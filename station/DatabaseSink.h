#pragma once
#include "db/ResultWriter.h"
#include "station/EventBus.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief Feeds the engine's events to the results database: RunStarted → a run, StepFinished → a step with its
/// measurements (committed when the step ends, by the writer's own thread), RunFinished → the run's outcome.
/// Run-mode overrides are recorded as audit events (who, why). Runs on its EventBus worker thread; the writer
/// queues and never makes it wait on the disk.
class DatabaseSink : public EventSink {
public:
    DatabaseSink(db::ResultWriter& writer, db::StationInfo station, std::vector<db::InstrumentInfo> instruments);
    void onEvent(const Event& event) override;

    /// @brief The database run id of engine run @p runId, 0 if not (yet) stored. Waits for the writer.
    std::int64_t databaseId(std::uint64_t runId);

private:
    db::ResultWriter& m_writer;
    db::StationInfo m_station;
    std::vector<db::InstrumentInfo> m_instruments;
    std::mutex m_mutex;
    std::map<std::uint64_t, db::RunTicket> m_runs;
};

} // namespace optiqual::station
