#include "instruments/OpticalSwitch.h"

namespace optiqual::instruments {

boost::asio::awaitable<void> OpticalSwitch::safeState() {
    co_return;
}

} // namespace optiqual::instruments
