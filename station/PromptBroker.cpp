#include "station/PromptBroker.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <charconv>
#include <regex>

namespace optiqual::station {

namespace asio = boost::asio;

struct PromptBroker::Waiting {
    Waiting(const asio::any_io_executor& ex, std::uint64_t i, int s, sequences::PromptSpec p)
        : timer(ex), id(i), socket(s), spec(std::move(p)) {}
    asio::steady_timer timer;
    std::uint64_t id;
    int socket;
    sequences::PromptSpec spec;
    std::optional<PromptAnswer> answer; ///< set under the broker's mutex
};

PromptBroker::PromptBroker(asio::any_io_executor executor, EventBus* bus)
    : m_executor(std::move(executor)), m_bus(bus) {}

std::string PromptBroker::validate(const sequences::PromptSpec& spec, const std::string& text, PromptAnswer& out) {
    out = {};
    out.text = text;
    switch (spec.kind) {
    case sequences::PromptKind::Message:
        return {};
    case sequences::PromptKind::Confirm:
        if (text == "y" || text == "yes" || text == "Y" || text == "YES" || text == "ok" || text == "OK") {
            out.confirmed = true;
            return {};
        }
        if (text == "n" || text == "no" || text == "N" || text == "NO") {
            out.confirmed = false;
            return {};
        }
        return "answer yes or no";
    case sequences::PromptKind::Number: {
        double v = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || ptr != text.data() + text.size())
            return "'" + text + "' is not a number";
        if (spec.min && v < *spec.min)
            return "must be at least " + std::to_string(*spec.min);
        if (spec.max && v > *spec.max)
            return "must be at most " + std::to_string(*spec.max);
        out.number = v;
        return {};
    }
    case sequences::PromptKind::Text:
        if (!spec.pattern.empty()) {
            try {
                if (!std::regex_match(text, std::regex(spec.pattern)))
                    return "must match " + spec.pattern;
            } catch (const std::regex_error&) {
                return "the prompt's pattern is not a valid regular expression";
            }
        }
        return {};
    }
    return {};
}

asio::awaitable<PromptAnswer> PromptBroker::ask(int socket, sequences::PromptSpec spec,
                                                std::chrono::steady_clock::duration realTimeout) {
    std::uint64_t id = 0;
    Waiting* waitingPtr = nullptr;
    Waiting waiting(m_executor, 0, socket, spec);
    {
        std::lock_guard lock(m_mutex);
        id = m_nextId++;
        waiting.id = id;
        m_waiting[id] = &waiting;
        waitingPtr = &waiting;
    }
    waitingPtr->timer.expires_after(realTimeout.count() > 0 ? realTimeout : std::chrono::hours(24 * 365));
    if (m_bus)
        m_bus->publish(PromptRequested{id, socket, spec.kind, spec.message, spec.timeout,
                                       std::chrono::duration_cast<std::chrono::nanoseconds>(realTimeout), spec.min,
                                       spec.max, spec.pattern, std::chrono::system_clock::now(), spec.image});
    auto [ec] = co_await waiting.timer.async_wait(asio::as_tuple(asio::use_awaitable));
    std::optional<PromptAnswer> result;
    {
        std::lock_guard lock(m_mutex);
        m_waiting.erase(id);
        result = waiting.answer;
    }
    if (!result && ec == asio::error::operation_aborted)
        throw boost::system::system_error(ec, "prompt withdrawn");
    if (!result) {
        PromptAnswer timedOut;
        timedOut.timedOut = true;
        result = timedOut;
    }
    if (m_bus)
        m_bus->publish(PromptAnswered{id, result->text, result->timedOut});
    co_return *result;
}

std::string PromptBroker::answer(std::uint64_t id, const std::string& text) {
    std::lock_guard lock(m_mutex);
    auto it = m_waiting.find(id);
    if (it == m_waiting.end())
        return "no open prompt " + std::to_string(id);
    Waiting* w = it->second;
    if (w->answer)
        return "prompt " + std::to_string(id) + " is already answered";
    PromptAnswer parsed;
    std::string why = validate(w->spec, text, parsed);
    if (!why.empty())
        return why;
    w->answer = parsed;
    // The timer belongs to the engine's executor: cancel it there.
    asio::post(m_executor, [this, id] {
        std::lock_guard inner(m_mutex);
        if (auto found = m_waiting.find(id); found != m_waiting.end())
            found->second->timer.cancel();
    });
    return {};
}

std::vector<PendingPrompt> PromptBroker::pending() const {
    std::lock_guard lock(m_mutex);
    std::vector<PendingPrompt> out;
    for (const auto& [id, w] : m_waiting)
        if (!w->answer)
            out.push_back({id, w->socket, w->spec});
    return out;
}

} // namespace optiqual::station
