#pragma once
#include <cstdint>
#include <functional>

namespace optiqual::station {

/// @brief Where an ended unit's results are: a verdict is shown to the operator only once they are Stored.
enum class Durability {
    Pending, ///< the run has not ended, or its records are still being committed
    Stored,  ///< its end and every step before it are committed
    Lost,    ///< some of its records could not be stored (the database failed): the unit must be tested again
};

/// @brief Asks where engine run @p runId's results are, without waiting (DatabaseSink::durability()).
using DurabilityQuery = std::function<Durability(std::uint64_t runId)>;

} // namespace optiqual::station
