#pragma once
#include <cstdint>
#include <string>

namespace optiqual::db {

class Connection;

/// @brief The units already in a database whose serial starts with a prefix.
struct SerialsTaken {
    std::int64_t count = 0;
    std::string first; ///< the smallest such serial ("" when none)
};

/// @brief Units whose serial starts with @p prefix (one range scan of the unit table's serial index). What `lot`
/// asks before it generates "<lot>-00001"…: a lot must never reuse a serial already tested.
SerialsTaken serialsStartingWith(const Connection& connection, const std::string& prefix);

} // namespace optiqual::db
