#include "instruments/OpticalPowerMeter.h"

namespace optiqual::instruments {

boost::asio::awaitable<std::vector<double>> OpticalPowerMeter::logPower(int, int, std::chrono::microseconds) {
    reject("logPower", "the " + model() + " driver has no power logging");
}

boost::asio::awaitable<void> OpticalPowerMeter::safeState() {
    co_return;
}

} // namespace optiqual::instruments
