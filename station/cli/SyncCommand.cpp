// `optiqual sync`: empties a station's outbox into the central PostgreSQL store (docs/central-store.md).
#include "db/Outbox.h"
#include "db/ResultStore.h"
#include "db/TimeText.h"
#include "db/central/PgConnection.h"
#include "db/central/Uploader.h"
#include "station/cli/Commands.h"
#include "station/cli/DbCommands.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>

namespace optiqual::station::cli {

namespace {

int printStatus(db::Outbox& outbox, const std::string& path) {
    const auto s = outbox.status(db::nowMicros(), 20);
    std::printf("%s: %lld sent, %lld pending (%lld due now), %lld quarantined\n", path.c_str(),
                static_cast<long long>(s.sent), static_cast<long long>(s.pending), static_cast<long long>(s.due),
                static_cast<long long>(s.quarantined));
    if (s.oldestPendingAt)
        std::printf("oldest pending: finished %s\n", db::formatUtc(*s.oldestPendingAt).c_str());
    if (s.lastSentAt)
        std::printf("last sent: %s\n", db::formatUtc(*s.lastSentAt).c_str());
    if (!s.lastError.empty())
        std::printf("last error: %s\n", s.lastError.c_str());
    for (const auto& q : s.quarantinedRuns)
        std::printf("quarantined %s at %s: %s\n", q.uuid.c_str(), db::formatUtc(q.at).c_str(), q.reason.c_str());
    return kExitOk;
}

void report(const db::central::UploadProgress& p, const std::string& to) {
    std::printf("sync to %s: %d sent, %d already there, %d quarantined, %d postponed\n", to.c_str(), p.sent,
                p.alreadyThere, p.quarantined, p.postponed);
    if (!p.error.empty())
        std::fprintf(stderr, "sync: %s\n", p.error.c_str());
    std::fflush(stdout);
}

} // namespace

int runSync(const SyncOptions& options) {
    const auto path = resolveDbPath(options.db);
    db::StoreOptions so;
    so.access = db::OpenAccess::ReadWrite;
    so.migrate = true; // a file from before version 5 gets its outbox, filled with its finished runs
    auto store = db::ResultStore::open(path, so);
    db::central::UploadOptions uo;
    uo.url = options.to;
    uo.batchRuns = options.batchRuns;
    const std::string shown = db::central::redactUrl(options.to);
    if (options.verbose)
        uo.afterBatch = [&](const db::central::UploadProgress& p) {
            std::printf("… %d sent, %d already there, %d quarantined\n", p.sent, p.alreadyThere, p.quarantined);
            std::fflush(stdout);
        };
    db::central::Uploader uploader(store.connection(), uo);
    if (options.status)
        return printStatus(uploader.outbox(), path);
    if (options.retryQuarantined)
        std::printf("%d quarantined runs back to pending\n", uploader.outbox().requeueQuarantined());
    if (options.to.empty()) {
        std::fprintf(stderr, "sync: --to postgresql://… is required (or --status)\n");
        return kExitBadInput;
    }
    if (!options.follow) {
        const auto p = uploader.sendDue(/*honourBackoff=*/false); // asked for now: no waiting out a backoff
        report(p, shown);
        if (!p.error.empty())
            return kExitError;
        return p.quarantined > 0 ? kExitUnitFailed : kExitOk;
    }
    // --follow: a pass whenever runs are due (their backoff over) or every --interval, until SIGINT/SIGTERM.
    boost::asio::io_context io;
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    boost::asio::steady_timer timer(io);
    bool stopping = false;
    signals.async_wait([&](const boost::system::error_code& ec, int) {
        if (!ec) {
            stopping = true;
            timer.cancel();
        }
    });
    const auto interval = std::chrono::milliseconds(static_cast<long long>(options.intervalS * 1000));
    std::function<void()> pass = [&] {
        const auto p = uploader.sendDue();
        if (p.sent + p.alreadyThere + p.quarantined + p.postponed > 0 || !p.error.empty())
            report(p, shown);
        auto wait = interval;
        if (const auto next = uploader.outbox().nextDue()) {
            const auto untilDue = std::chrono::microseconds(std::max<std::int64_t>(0, *next - db::nowMicros()));
            wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(untilDue));
        }
        timer.expires_after(std::max(wait, std::chrono::milliseconds(50)));
        timer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec && !stopping)
                pass();
        });
    };
    pass();
    io.run();
    return kExitOk;
}

} // namespace optiqual::station::cli
