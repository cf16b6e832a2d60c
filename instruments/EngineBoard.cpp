#include "instruments/EngineBoard.h"

namespace optiqual::instruments {

boost::asio::awaitable<void> EngineBoard::safeState() {
    // Lasers first: a disabled engine must never sit in front of lit fibres (domain §7, laser safety).
    co_await setLasersEnabled(false, {});
    co_await setEngineEnabled(false);
}

} // namespace optiqual::instruments
