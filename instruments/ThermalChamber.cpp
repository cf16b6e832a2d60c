#include "instruments/ThermalChamber.h"

namespace optiqual::instruments {

boost::asio::awaitable<void> ThermalChamber::safeState() {
    co_await setSetpoint(m_ambient);
    co_await setRunning(true);
}

} // namespace optiqual::instruments
