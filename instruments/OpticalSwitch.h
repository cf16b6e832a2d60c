#pragma once
#include "instruments/Instrument.h"

namespace optiqual::instruments {

/// @brief One route of an optical switch: input port letter ('A', 'B'…) to output port number.
struct SwitchRoute {
    char input = 'A';
    int output = 1;
    bool operator==(const SwitchRoute&) const = default;
};

/// @brief An optical switch with one or more switch channels (numbered from 1).
class OpticalSwitch : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::OpticalSwitch; }

    virtual int switchCount() const = 0;
    virtual int outputCount() const = 0;
    virtual boost::asio::awaitable<void> setRoute(int switchChannel, SwitchRoute route) = 0;
    virtual boost::asio::awaitable<SwitchRoute> route(int switchChannel) = 0;

    /// @brief Routes carry no energy: nothing to make safe.
    boost::asio::awaitable<void> safeState() override;
};

} // namespace optiqual::instruments
