#pragma once
#include "sequences/Sequence.h"
#include "station/EventBus.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief The operator's answer to a prompt.
struct PromptAnswer {
    bool timedOut = false;
    bool confirmed = false; ///< Confirm: yes/no
    std::string text;       ///< Text, or the Number as typed
    double number = 0;      ///< Number
};

/// @brief A prompt waiting for an answer, as the terminal and the panel show it.
struct PendingPrompt {
    std::uint64_t id = 0;
    int socket = 0;
    sequences::PromptSpec spec;
};

/// @brief Operator prompts by id: a step asks and awaits; the terminal or the panel answers from any thread.
/// Answers are validated against the prompt (number range, text pattern); an invalid answer is refused with a
/// reason and the prompt stays open. A prompt with a timeout resolves as timed out.
class PromptBroker {
public:
    PromptBroker(boost::asio::any_io_executor executor, EventBus* bus);

    /// @brief Asks and waits (cancellable: an abort withdraws the prompt). @p realTimeout 0: no timeout.
    boost::asio::awaitable<PromptAnswer> ask(int socket, sequences::PromptSpec spec,
                                             std::chrono::steady_clock::duration realTimeout);
    /// @brief Answers prompt @p id. Returns an empty string when accepted, else why it was refused.
    /// Thread-safe.
    std::string answer(std::uint64_t id, const std::string& text);
    std::vector<PendingPrompt> pending() const;

    /// @brief Checks @p text against @p spec; fills @p out; returns why it is invalid or empty.
    static std::string validate(const sequences::PromptSpec& spec, const std::string& text, PromptAnswer& out);

private:
    struct Waiting;
    boost::asio::any_io_executor m_executor;
    EventBus* m_bus;
    mutable std::mutex m_mutex;
    std::map<std::uint64_t, Waiting*> m_waiting;
    std::uint64_t m_nextId = 1;
};

} // namespace optiqual::station
