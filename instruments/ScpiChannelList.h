#pragma once
#include <string>
#include <vector>

/// @file SCPI channel lists as drivers send them (SCPI-99 vol. 1, 8.3.2 "channel list").

namespace optiqual::instruments {

/// @brief `(@1:4,9)`: @p channels in the order given, each run of consecutive ascending numbers as a range. A
/// driver that wants them sorted or without repeats does that first (the DAQ does; a fixture keeps the lane
/// order it was asked for).
std::string formatScpiChannelList(const std::vector<int>& channels);

} // namespace optiqual::instruments
