#include "instruments/sim/scpi/ScpiErrorQueue.h"

#include "instruments/sim/scpi/ScpiError.h"

#include <algorithm>
#include <utility>

namespace optiqual::instruments::sim {

namespace {
constexpr int kQueueOverflow = -350;
} // namespace

ScpiErrorQueue::ScpiErrorQueue(std::size_t capacity) : m_capacity(std::max<std::size_t>(capacity, 1)) {}

void ScpiErrorQueue::push(int code, std::string text) {
    if (m_entries.size() < m_capacity) {
        m_entries.push_back(ScpiErrorEntry{code, std::move(text)});
        return;
    }
    // Full: the last slot says that errors were lost; the oldest errors stay readable.
    m_entries.back() = ScpiErrorEntry{kQueueOverflow, std::string(standardErrorText(kQueueOverflow))};
}

ScpiErrorEntry ScpiErrorQueue::pop() {
    if (m_entries.empty()) {
        return ScpiErrorEntry{0, std::string(standardErrorText(0))};
    }
    ScpiErrorEntry entry = std::move(m_entries.front());
    m_entries.pop_front();
    return entry;
}

} // namespace optiqual::instruments::sim
