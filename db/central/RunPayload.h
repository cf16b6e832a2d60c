#pragma once
#include "db/RunDetail.h"

#include <cstdint>
#include <optional>
#include <string>

namespace optiqual::db {
class Connection;
}

namespace optiqual::db::central {

/// @brief What the uploader sends for one finished run: the run in full, the texts of its sequence and limit set
/// (the central store keeps them once per hash), and the payload hash that identifies this content.
struct RunPayload {
    RunDetail detail;
    std::string sequenceContent;
    std::string limitSetContent;
    std::string hash;
};

/// @brief SHA-256 (hex) of the run's JSON test record (docs/test-record.md) with the station-local id and the
/// instruments' resource strings (updated in place at the station when an instrument moves) left out: the same run
/// gives the same hash on the station, again later, and read back from the central store.
std::string payloadHash(const RunDetail& run);

/// @brief The finished run with this station-local id, or nothing when there is no such run.
std::optional<RunPayload> loadRunPayload(const Connection& station, std::int64_t runId);

} // namespace optiqual::db::central
