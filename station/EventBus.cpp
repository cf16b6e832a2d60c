#include "station/EventBus.h"

#include <spdlog/spdlog.h>

namespace optiqual::station {

struct EventBus::Worker {
    std::shared_ptr<EventSink> sink;
    std::string name;
    std::mutex mutex;
    std::condition_variable wake;
    std::condition_variable drained;
    std::deque<EventPtr> queue;
    std::uint64_t published = 0;
    std::uint64_t handled = 0;
    bool stopping = false;
    std::thread thread;

    void run() {
        std::unique_lock lock(mutex);
        while (true) {
            wake.wait(lock, [&] { return stopping || !queue.empty(); });
            if (queue.empty() && stopping)
                return;
            EventPtr event = std::move(queue.front());
            queue.pop_front();
            lock.unlock();
            try {
                sink->onEvent(*event);
            } catch (const std::exception& e) {
                // A sink's failure must not take the engine down; it is the sink's job to surface it.
                spdlog::error("event sink {}: {}", name, e.what());
            }
            lock.lock();
            ++handled;
            if (handled == published)
                drained.notify_all();
        }
    }
};

EventBus::EventBus() = default;

EventBus::~EventBus() { stop(); }

void EventBus::subscribe(std::shared_ptr<EventSink> sink, std::string name) {
    auto worker = std::make_unique<Worker>();
    worker->sink = std::move(sink);
    worker->name = std::move(name);
    Worker* w = worker.get();
    worker->thread = std::thread([w] { w->run(); });
    m_workers.push_back(std::move(worker));
}

void EventBus::publish(Event event) {
    if (m_workers.empty())
        return;
    auto shared = std::make_shared<const Event>(std::move(event));
    for (auto& w : m_workers) {
        {
            std::lock_guard lock(w->mutex);
            w->queue.push_back(shared);
            ++w->published;
        }
        w->wake.notify_one();
    }
}

void EventBus::flush() {
    for (auto& w : m_workers) {
        std::unique_lock lock(w->mutex);
        w->drained.wait(lock, [&] { return w->handled == w->published; });
    }
}

void EventBus::stop() {
    for (auto& w : m_workers) {
        {
            std::lock_guard lock(w->mutex);
            w->stopping = true;
        }
        w->wake.notify_one();
    }
    for (auto& w : m_workers)
        if (w->thread.joinable())
            w->thread.join();
    m_workers.clear();
}

} // namespace optiqual::station
