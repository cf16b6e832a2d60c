#include "instruments/Chiller.h"

namespace optiqual::instruments {

boost::asio::awaitable<void> Chiller::safeState() {
    co_await setSetpoint(m_ambient);
}

} // namespace optiqual::instruments
