#include "station/BusLogSink.h"

namespace optiqual::station {

void BusLogSink::sink_it_(const spdlog::details::log_msg& message) {
    m_bus.publish(LogLine{static_cast<int>(message.level), std::string(message.payload.data(), message.payload.size()),
                          message.time});
}

} // namespace optiqual::station
