#include "ui/EngineControl.h"

#include <boost/asio/post.hpp>
#include <spdlog/spdlog.h>

namespace optiqual::ui {

EngineControl::EngineControl(boost::asio::any_io_executor executor, station::Engine& engine, station::UnitQueue& queue,
                             std::string partNumber, std::string lot)
    : m_executor(std::move(executor)), m_engine(engine), m_queue(queue), m_partNumber(std::move(partNumber)),
      m_lot(std::move(lot)) {}

void EngineControl::start(int socket, std::string serial) {
    // Logged on the I/O thread: the log's sinks take locks the UI thread must never wait on.
    boost::asio::post(
        m_executor,
        [this, socket, unit = station::UnitUnderTest{std::move(serial), m_partNumber, {}, m_lot}]() mutable {
            spdlog::info("socket {}: {} scanned", socket, unit.serial);
            m_queue.push(socket, std::move(unit));
        });
}

void EngineControl::terminate(int socket) {
    m_engine.requestTerminate(socket);
}

void EngineControl::abort(int socket) {
    m_engine.requestAbort(socket, "operator pressed Abort on the panel");
}

void EngineControl::answer(std::uint64_t promptId, std::string text) {
    boost::asio::post(m_executor, [this, promptId, text = std::move(text)] {
        // The panel validated the answer against the prompt's spec; a refusal here means the prompt ended meanwhile
        // (timed out, aborted) or the answer changed meaning — worth a line in the log, which the panel shows.
        const std::string why = m_engine.prompts().answer(promptId, text);
        if (!why.empty())
            spdlog::warn("prompt {}: answer '{}' not taken: {}", promptId, text, why);
    });
}

} // namespace optiqual::ui
