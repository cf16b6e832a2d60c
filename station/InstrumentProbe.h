#pragma once
#include "instruments/Instrument.h"

#include <boost/asio/awaitable.hpp>
#include <string>

namespace optiqual::station {

/// @brief Reads an instrument's present state without changing it and describes it in one line
/// (e.g. "CH1 0.000 V 0.000 A off | CH2 …"), for `optiqual probe` and the panel's instrument view.
boost::asio::awaitable<std::string> describeInstrumentState(instruments::Instrument& instrument);

} // namespace optiqual::station
