#pragma once
#include "station/EventBus.h"

#include <mutex>
#include <spdlog/sinks/base_sink.h>

namespace optiqual::station {

/// @brief An spdlog sink that publishes each log message as a LogLine event, so the station snapshot (and the
/// views reading it: the terminal's live view, the panel's log console) sees the same lines the console would
/// have shown. Safe from any thread; EventBus::publish only appends to queues.
class BusLogSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit BusLogSink(EventBus& bus) : m_bus(bus) {}

protected:
    void sink_it_(const spdlog::details::log_msg& message) override;
    void flush_() override {}

private:
    EventBus& m_bus;
};

} // namespace optiqual::station
