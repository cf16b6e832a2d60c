#include "ui/EngineControl.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <spdlog/spdlog.h>

namespace optiqual::ui {

EngineControl::EngineControl(boost::asio::any_io_executor executor, station::Engine& engine, station::UnitQueue& queue,
                             std::string partNumber, std::string lot)
    : m_executor(std::move(executor)), m_engine(engine), m_queue(queue), m_partNumber(std::move(partNumber)),
      m_lot(std::move(lot)) {}

void EngineControl::start(int socket, std::string serial) {
    // Logged on the I/O thread: the log's sinks take locks the UI thread must never wait on.
    boost::asio::post(
        m_executor, [this, socket,
                     unit = station::UnitUnderTest{std::move(serial), m_partNumber, {}, m_lot, m_overrides}]() mutable {
            spdlog::info("socket {}: {} scanned", socket, unit.serial);
            m_queue.push(socket, std::move(unit));
        });
}

void EngineControl::startBatch(std::vector<std::string> serials) {
    std::vector<station::UnitUnderTest> units;
    for (auto& serial : serials)
        units.push_back({std::move(serial), m_partNumber, {}, m_lot, m_overrides});
    boost::asio::post(m_executor, [this, units = std::move(units)]() mutable {
        if (!m_batches) {
            spdlog::warn("Start all: this station does not run batches");
            return;
        }
        std::string names;
        for (const auto& u : units)
            names += (names.empty() ? "" : ", ") + u.serial;
        spdlog::info("batch of {} started: {}", units.size(), names);
        m_batches->push(std::move(units));
    });
}

void EngineControl::setOverrides(std::shared_ptr<const station::RunOverrides> overrides, db::AuditEvent audit) {
    m_overrides = overrides && !overrides->empty() ? std::move(overrides) : nullptr;
    // The row and its log line leave from the I/O thread: the writer's queue and the log's sinks take locks.
    boost::asio::post(m_executor, [this, audit = std::move(audit)]() mutable {
        audit.station = m_manual.station;
        spdlog::warn("{} by {}: {} {} ({})", audit.action, audit.user, audit.target, audit.newValue.value_or(""),
                     audit.reason);
        if (m_manual.audit)
            m_manual.audit(std::move(audit));
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

void EngineControl::manual(station::ManualCommand command, std::string user, db::Role role, std::string reason) {
    const std::uint64_t seq = ++m_manualSeq;
    auto publish = [this, seq, command](bool ok, std::string text) {
        m_lastManual.store(std::make_shared<const ManualResult>(ManualResult{seq, command, ok, std::move(text)}),
                           std::memory_order_release);
    };
    // The panel refuses before it sends; checked again here, where the instrument is reached.
    if (role < db::Role::Technician || !m_manual.instrument) {
        publish(false, role < db::Role::Technician ? "manual control needs a technician" : "no manual control here");
        return;
    }
    boost::asio::co_spawn(
        m_executor,
        [this, command, user = std::move(user), reason = std::move(reason), publish]() -> boost::asio::awaitable<void> {
            std::string text;
            bool ok = false;
            // Every exception becomes the outcome's text: none crosses to the UI thread.
            try {
                instruments::Instrument* instrument = m_manual.instrument(command.instrument);
                if (!instrument)
                    throw std::invalid_argument("no instrument '" + command.instrument + "' on this station");
                text = co_await station::executeManual(*instrument, command);
                ok = true;
            } catch (const std::exception& e) {
                text = e.what();
            }
            spdlog::log(ok ? spdlog::level::info : spdlog::level::warn, "manual {} by {} ({}): {}: {}",
                        command.instrument, user, reason, station::describe(command), text);
            if (m_manual.audit) {
                db::AuditEvent audit;
                audit.at = std::chrono::system_clock::now();
                audit.station = m_manual.station;
                audit.user = user;
                audit.action = station::auditAction(command.kind);
                audit.target = command.instrument;
                audit.newValue = station::describe(command) + (ok ? " → " : " failed: ") + text;
                audit.reason = reason;
                m_manual.audit(std::move(audit));
            }
            publish(ok, std::move(text));
        },
        boost::asio::detached);
}

} // namespace optiqual::ui
