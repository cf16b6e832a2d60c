#include "instruments/PowerSupply.h"

namespace optiqual::instruments {

boost::asio::awaitable<void> PowerSupply::safeState() {
    for (int ch = 1; ch <= channelCount(); ++ch)
        co_await setOutput(ch, false);
}

} // namespace optiqual::instruments
