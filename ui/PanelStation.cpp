#include "ui/PanelStation.h"

#include "core/RunSync.h"
#include "station/TelemetryMonitor.h"

#include <boost/asio/post.hpp>

namespace optiqual::ui {

using namespace optiqual::station;
namespace asio = boost::asio;

PanelStation::PanelStation(cli::StationSession& session, Options options)
    : m_session(session), m_options(std::move(options)),
      m_queue(std::make_unique<UnitQueue>(session.io.get_executor(), session.sockets)),
      m_batches(session.io.get_executor()),
      m_control(std::make_unique<EngineControl>(session.io.get_executor(), *session.engine, *m_queue,
                                                m_options.partNumber, m_options.lot)) {
    cli::StationSession& s = m_session;
    m_control->setManualTarget({s.config.name, [&s](const std::string& name) { return s.instruments->find(name); },
                                [&s](db::AuditEvent audit) { s.writer->recordAudit(std::move(audit)); }});
    if (batch())
        m_control->setBatchQueue(m_batches);
}

PanelStation::~PanelStation() {
    stop();
    if (m_thread.joinable())
        m_thread.join();
}

RunOptions PanelStation::runOptions() const {
    cli::StationSession& s = m_session;
    RunOptions run;
    run.sequence = s.sequence;
    run.sockets = s.sockets;
    run.model = m_options.model;
    run.operatorName = m_options.operatorName;
    run.stationName = s.config.name;
    run.autoAnswerPrompts = m_options.autoAnswer;
    run.stationData = [&data = s.config.data](int socket, const std::string& name) { return data.find(socket, name); };
    if (!batch())
        run.unitSource = [&s, q = m_queue.get()](int socket) -> asio::awaitable<std::optional<UnitUnderTest>> {
            auto unit = co_await q->next(socket);
            if (unit)
                seatSimulated(s, socket, *unit);
            co_return unit;
        };
    return run;
}

asio::awaitable<std::vector<SocketResult>> PanelStation::runBatches(RunOptions base) {
    std::vector<SocketResult> all;
    while (auto units = co_await m_batches.next()) {
        if (m_stopped)
            break; // a batch started just before the panel closed: not begun
        for (std::size_t i = 0; i < units->size(); ++i)
            seatSimulated(m_session, int(i) + 1, (*units)[i]);
        RunOptions run = base;
        run.units = std::move(*units);
        m_batchRunning = true;
        auto results = co_await m_session.engine->run(std::move(run));
        m_batchRunning = false;
        all.insert(all.end(), results.begin(), results.end());
    }
    co_return all;
}

asio::awaitable<std::vector<SocketResult>> PanelStation::runMonitored(RunOptions run) {
    cli::StationSession& s = m_session;
    TelemetryMonitor::Options mo;
    mo.period = m_options.monitorPeriod;
    TelemetryMonitor monitor(
        s.io.get_executor(), s.bus, s.clock, s.engine->holds(),
        TelemetryMonitor::targetsFor(s.config, [&s](std::string_view name) { return s.instruments->find(name); }), mo);
    monitor.start();
    std::vector<SocketResult> results;
    std::exception_ptr error;
    try {
        // Not a conditional expression: GCC 12 evaluates both co_await operands of `?:` (both runs would start).
        if (batch())
            results = co_await runBatches(std::move(run));
        else
            results = co_await s.engine->run(std::move(run));
    } catch (...) {
        error = std::current_exception();
    }
    // The monitor ends with the run, before the thread does: no poll outlives the engine or the instruments.
    co_await monitor.stop();
    if (error)
        std::rethrow_exception(error);
    co_return results;
}

void PanelStation::start() {
    m_thread = std::thread([this, run = runOptions()] {
        // Whatever the run throws is carried to the caller's thread by finish(), never lost here.
        try {
            m_results = core::runSync(m_session.io, runMonitored(run));
        } catch (...) {
            m_error = std::current_exception();
        }
        m_done = true;
        if (m_options.wake)
            m_options.wake();
    });
}

void PanelStation::stop() {
    if (m_stopped.exchange(true))
        return;
    m_queue->close();
    m_batches.close();
    // Units still running are aborted: their cleanup and the instruments' safe state run before the engine ends.
    // Otherwise a terminate ends the parallel run at once, so no unit scanned meanwhile starts after the close.
    if (m_session.progress->snapshots().current()->running() > 0 || m_batchRunning)
        m_session.engine->requestAbort("the panel was closed");
    else if (!batch())
        m_session.engine->requestTerminate();
}

std::vector<SocketResult> PanelStation::finish() {
    if (m_thread.joinable())
        m_thread.join();
    if (m_error)
        std::rethrow_exception(m_error);
    return m_results;
}

} // namespace optiqual::ui
