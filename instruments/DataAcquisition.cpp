#include "instruments/DataAcquisition.h"

namespace optiqual::instruments {

boost::asio::awaitable<void> DataAcquisition::safeState() {
    for (int port : m_digitalPorts)
        co_await setDigitalOutput(port, 0);
    for (int channel : m_analogOutputs)
        co_await setAnalogOutput(channel, 0.0);
}

} // namespace optiqual::instruments
