#include "tests/db/HistoryFixture.h"

#include "db/Connection.h"
#include "db/ResultWriter.h"
#include "tests/db/DbTestSupport.h"

namespace optiqual::db::test {

using sequences::Verdict;

namespace {

void runUnit(db::ResultWriter& w, const std::string& serial, const std::string& part, double t, Verdict outcome) {
    auto ticket = w.beginRun(db::test::sampleRunStart(serial, at(t), part));
    w.recordStep(db::test::sampleStep(ticket.handle, "main/power", 2, false, at(t)));
    if (outcome == Verdict::Error) {
        auto step = db::test::sampleStep(ticket.handle, "main/power", 0, false, at(t + 1));
        step.outcome = Verdict::Error;
        step.error = "PSU did not reach 3.3 V";
        w.recordStep(std::move(step));
    } else if (outcome != Verdict::Aborted) {
        w.recordStep(
            db::test::sampleStep(ticket.handle, "main/optics/tx_power", 3, outcome == Verdict::Fail, at(t + 2)));
    }
    w.finishRun({ticket.handle, outcome, at(t + 60), outcome == Verdict::Aborted ? "operator abort" : ""});
}

} // namespace

void writeHistory(const std::filesystem::path& file) {
    auto w = db::ResultWriter::open(file, db::WriterOptions{});
    runUnit(*w, "XPO-A1", "XPO-800G-DR8", 0, Verdict::Pass);
    runUnit(*w, "XPO-A2", "XPO-800G-DR8", 100, Verdict::Fail);
    runUnit(*w, "XPO-A2", "XPO-800G-DR8", 200, Verdict::Pass);
    runUnit(*w, "QSFP-B1", "QSFP-100G", 300, Verdict::Error);
    runUnit(*w, "QSFP-B2", "QSFP-100G", 400, Verdict::Aborted);
    runUnit(*w, "XPO-A3", "XPO-800G-DR8", 500, Verdict::Pass);
    w->flush();
}

struct DatabaseLock::State {
    db::Connection connection;
};

DatabaseLock::DatabaseLock(const std::filesystem::path& file) : m_state(std::make_unique<State>()) {
    m_state->connection = db::Connection::open(file, db::OpenAccess::ReadWrite);
    // In WAL mode readers pass a writer's transaction; exclusive locking mode keeps them out until it closes.
    m_state->connection.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; "
                             "UPDATE station SET hostname = hostname WHERE id = 1");
}

DatabaseLock::~DatabaseLock() = default;

} // namespace optiqual::db::test
