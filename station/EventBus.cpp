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

    bool sleeping = false;

    // Takes the whole queue per wake-up and handles it outside the lock, so a burst of events costs the
    // publisher one uncontended lock each and the worker one wake-up per burst.
    void run() {
        std::deque<EventPtr> batch;
        std::unique_lock lock(mutex);
        while (true) {
            sleeping = true;
            wake.wait(lock, [&] { return stopping || !queue.empty(); });
            sleeping = false;
            if (queue.empty() && stopping)
                return;
            batch.swap(queue);
            lock.unlock();
            for (const auto& event : batch) {
                try {
                    sink->onEvent(*event);
                } catch (const std::exception& e) {
                    // A sink's failure must not take the engine down; it is the sink's job to surface it.
                    spdlog::error("event sink {}: {}", name, e.what());
                }
            }
            try {
                sink->onBatchEnd();
            } catch (const std::exception& e) {
                spdlog::error("event sink {}: {}", name, e.what());
            }
            const auto n = batch.size();
            batch.clear();
            lock.lock();
            handled += n;
            if (handled == published)
                drained.notify_all();
        }
    }
};

EventBus::EventBus() = default;

EventBus::~EventBus() {
    stop();
}

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
        bool notify = false;
        {
            std::lock_guard lock(w->mutex);
            w->queue.push_back(shared);
            ++w->published;
            notify = w->sleeping;
        }
        if (notify)
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
