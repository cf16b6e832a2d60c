#pragma once
#include "station/Events.h"

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace optiqual::station {

/// @brief Receives the engine's events on its own thread (the database writer, the UI snapshot reducer, the
/// console view, the JSON recorder…). It may be slow: it never blocks a step.
class EventSink {
public:
    virtual ~EventSink() = default;
    virtual void onEvent(const Event& event) = 0;
    /// @brief Called after each run of events handed over together: a sink that publishes derived state (the
    /// snapshot reducer) does it here, once per batch instead of once per event.
    virtual void onBatchEnd() {}
};

/// @brief Fans events out to sinks, each with its own unbounded queue and worker thread (OpenTAP's result
/// listeners): publish() only appends to queues, so a slow sink delays nobody and no event is dropped.
class EventBus {
public:
    EventBus();
    ~EventBus();
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    /// @brief Adds a sink; call before publishing.
    void subscribe(std::shared_ptr<EventSink> sink, std::string name);
    void publish(Event event);
    /// @brief Waits until every sink has handled everything published so far.
    void flush();
    /// @brief Flushes and stops the workers.
    void stop();

private:
    struct Worker;
    std::vector<std::unique_ptr<Worker>> m_workers;
};

} // namespace optiqual::station
