#pragma once
#include "db/ResultWriter.h"
#include "db/central/BackgroundUploader.h"
#include "sequences/Sequence.h"
#include "station/DatabaseSink.h"
#include "station/Engine.h"
#include "station/EventBus.h"
#include "station/StationConfig.h"
#include "station/StationInstruments.h"
#include "station/cli/Commands.h"
#include "station/cli/ProgressDisplay.h"

#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <vector>

namespace optiqual::station::cli {

/// @brief Everything a station session needs (`optiqual run`, `lot`, `panel`), opened in order by loadStation()
/// and openStation(); each failure reported on standard error with the right exit code. Members are destroyed in
/// reverse order: the engine before the bus, the bus before the database.
struct StationSession {
    StationConfig config;
    std::shared_ptr<sequences::Sequence> sequence;
    boost::asio::io_context io;
    std::unique_ptr<StationInstruments> instruments;
    std::vector<RoleBinding> roles;
    int sockets = 1;
    std::unique_ptr<db::ResultWriter> writer;
    std::unique_ptr<db::central::BackgroundUploader> uploader; ///< with --sync-to: runs to the central store
    std::shared_ptr<DatabaseSink> dbSink;
    EventBus bus;
    std::unique_ptr<ProgressDisplay> progress; ///< after the bus: stops drawing before the bus goes
    std::shared_ptr<core::Clock> clock;
    std::unique_ptr<Engine> engine;
};

/// @brief The inputs: station file and sequence. Nothing is opened yet, so a refusal leaves no trace.
int loadStation(StationSession& s, const RunCommandOptions& o);
/// @brief The station's instruments, the results database, the progress view (`o.progress`) and the engine.
int openStation(StationSession& s, const RunCommandOptions& o);
/// @brief On a simulated station each unit gets its own simulated module, drawn from its serial, built as its part
/// number. Call on the I/O executor (or before it runs).
void seatSimulated(StationSession& s, int socket, const UnitUnderTest& unit);
/// @brief Flushes the bus and the database, prints where the results are; @p code, or kExitError when the
/// database is not healthy.
int finishSession(StationSession& s, int code);
/// @brief @p given, else the sequence's first part number.
std::string choosePartNumber(const sequences::Sequence& seq, const std::string& given);

} // namespace optiqual::station::cli
