#pragma once
#include "sequences/Sequence.h"
#include "station/Engine.h"

#include <string>

namespace optiqual::station {
struct StationConfig;
}

namespace optiqual::station::cli {

/// @brief The process model of a run, lot or panel: @p given (the command line's `--process-model`) when not empty,
/// else the station file's `station.process_model`, else parallel.
ProcessModel chooseProcessModel(const std::string& given, const StationConfig& config);

/// @brief The first step of @p sequence marked `batch: true` (setup, main, cleanup, loop bodies and sub-sequences, in
/// that order), or nullptr.
const sequences::Step* firstBatchStep(const sequences::Sequence& sequence);

/// @brief What to warn when @p sequence synchronises its sockets (a `batch: true` step: chamber and coolant set
/// points are the whole station's) but runs unsynchronised under @p model on a station of @p sockets sockets — each
/// unit then commands the shared instruments at its own time ("" when there is nothing to warn about).
std::string unsynchronisedBatchWarning(ProcessModel model, int sockets, const sequences::Sequence& sequence);

} // namespace optiqual::station::cli
