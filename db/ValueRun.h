#pragma once
#include <cstdint>
#include <string_view>

namespace optiqual::db {

/// @brief The run a streamed measurement value came from, as a report's value scan hands it to a tally: the station's
/// local run id, or the central store's run UUID (id 0 there, as the central store has no local ids).
struct ValueRun {
    std::int64_t id = 0;
    std::int64_t time = 0; ///< run start, UTC µs
    std::string_view uuid; ///< empty on a station
};

} // namespace optiqual::db
