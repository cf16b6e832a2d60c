#include "instruments/VariableOpticalAttenuator.h"

namespace optiqual::instruments {

boost::asio::awaitable<void> VariableOpticalAttenuator::safeState() {
    for (int ch = 1; ch <= channelCount(); ++ch)
        co_await setOutputEnabled(ch, false);
}

} // namespace optiqual::instruments
