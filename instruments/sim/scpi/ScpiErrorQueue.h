#pragma once
#include <cstddef>
#include <deque>
#include <string>

namespace optiqual::instruments::sim {

/// @brief One error-queue entry: the code and the text shown between the quotes.
struct ScpiErrorEntry {
    int code = 0;
    std::string text;
};

/// @brief The SCPI error/event queue: FIFO with a fixed capacity; when full, the newest entry is replaced
/// by -350 "Queue overflow" and further errors are dropped until the queue is read (SCPI-99 21.8).
class ScpiErrorQueue {
public:
    /// @brief @p capacity is at least 1 (0 is taken as 1).
    explicit ScpiErrorQueue(std::size_t capacity = 20);

    void push(int code, std::string text);
    /// @brief Removes and returns the oldest entry; {0, "No error"} when empty.
    ScpiErrorEntry pop();
    void clear() { m_entries.clear(); }

    std::size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }
    std::size_t capacity() const { return m_capacity; }

private:
    std::size_t m_capacity;
    std::deque<ScpiErrorEntry> m_entries;
};

} // namespace optiqual::instruments::sim
