#include "tests/central/CentralTestSupport.h"

#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/RunDetail.h"
#include "db/central/CentralRunDetail.h"
#include "db/central/CentralSchema.h"
#include "db/central/PgConnection.h"
#include "db/central/RunPayload.h"
#include "tests/central/PgCluster.h"
#include "tests/db/DbTestSupport.h"

#include <cmath>
#include <gtest/gtest.h>
#include <limits>
#include <random>

namespace optiqual::test {

using db::test::at;
using sequences::Verdict;

std::vector<std::string> writeStationRuns(const std::filesystem::path& file, const std::string& station, int runs,
                                          const std::string& serialPrefix, bool retestFailures) {
    std::vector<std::string> uuids;
    auto w = db::ResultWriter::open(file, db::WriterOptions{});
    for (int i = 0; i < runs; ++i) {
        const double t0 = i == 1 ? -6.3e7 : 600.0 * i; // run 1: two years before the others
        auto start =
            db::test::sampleRunStart(serialPrefix + std::to_string(i), at(t0), "XPO-800G-DR8", station, 1 + i % 4);
        const auto ticket = w->beginRun(start);
        const bool fail = i % 5 == 4;
        auto optics = db::test::sampleStep(ticket.handle, "main/optics/tx_power", 8, fail, at(t0 + 1));
        optics.measurements[3].value = std::numeric_limits<double>::quiet_NaN();
        optics.measurements[3].outcome = Verdict::Error;
        optics.traces.push_back({"sweep",
                                 "wavelength",
                                 "nm",
                                 "power",
                                 "dBm",
                                 {1310, 1310.5, 1311},
                                 {-1.5, -1.25 - 0.01 * i, std::numeric_limits<double>::infinity()}});
        w->recordStep(optics);
        auto identify = db::test::sampleStep(ticket.handle, "main/identify", 0, false, at(t0 + 2));
        sequences::Measurement firmware;
        firmware.name = "firmware";
        firmware.text = "2.1." + std::to_string(i) + "\t(tab)\\";
        firmware.outcome = Verdict::Pass;
        identify.measurements.push_back(firmware);
        if (i % 7 == 0) { // an instrument error: a step that fails with no failing measurement of its own
            identify.error = "line one\nline two";
            identify.outcome = Verdict::Error;
        }
        w->recordStep(identify);
        w->recordAudit({at(t0 + 3), station, ticket.handle, "carol", "limit.change", "main/optics/tx_power", "-3",
                        std::nullopt, "engineering lot"});
        const Verdict outcome = fail ? Verdict::Fail : (i % 7 == 0 ? Verdict::Error : Verdict::Pass);
        w->finishRun({ticket.handle, outcome, at(t0 + 4), ""});
        uuids.push_back(ticket.uuid);
        if (outcome != Verdict::Pass && retestFailures) {
            start.startedAt = at(t0 + 3600);
            const auto retest = w->beginRun(start);
            w->recordStep(db::test::sampleStep(retest.handle, "main/optics/tx_power", 8, false, at(t0 + 3601)));
            w->finishRun({retest.handle, Verdict::Pass, at(t0 + 3602), ""});
            uuids.push_back(retest.uuid);
        }
    }
    w->flush();
    return uuids;
}

std::vector<std::string> writeDriftingRuns(const std::filesystem::path& file, const std::string& station, int runs,
                                           const std::string& serialPrefix, double drift) {
    std::vector<std::string> uuids;
    auto w = db::ResultWriter::open(file, db::WriterOptions{});
    std::mt19937_64 random(std::hash<std::string>{}(station));
    std::normal_distribution<double> noise(0, 0.05);
    for (int i = 0; i < runs; ++i) {
        const double t0 = i == 1 ? -6.3e7 : 600.0 * i;
        const auto ticket =
            w->beginRun(db::test::sampleRunStart(serialPrefix + std::to_string(i), at(t0),
                                                 i % 3 == 2 ? "XPO-400G-FR4" : "XPO-800G-DR8", station, 1 + i % 4));
        auto step = db::test::sampleStep(ticket.handle, "main/optics/tx_power", 4, false, at(t0 + 1));
        auto& ms = step.measurements;
        ms[0].value = 0.1 + drift * i + noise(random);
        ms[1].limit = {sequences::Comparator::GE, -1.0, std::nullopt, std::nullopt, "dBm"};
        ms[1].value = 0.5 + noise(random);
        ms[2].limit = {sequences::Comparator::LOG, std::nullopt, std::nullopt, std::nullopt, "mA"};
        ms[2].value = 30 + 10 * noise(random);
        ms[3].value = std::numeric_limits<double>::quiet_NaN();
        bool failed = false;
        for (auto& m : ms) {
            m.outcome = m.limit.judge(m.value);
            failed = failed || m.outcome == Verdict::Fail;
        }
        step.outcome = failed ? Verdict::Fail : Verdict::Pass;
        w->recordStep(step);
        const Verdict outcome = i == 3 ? Verdict::Aborted : step.outcome;
        w->finishRun({ticket.handle, outcome, at(t0 + 2), i == 3 ? "operator abort" : ""});
        uuids.push_back(ticket.uuid);
    }
    w->flush();
    return uuids;
}

void expectSameOnBothSides(const std::filesystem::path& file, const std::string& url,
                           const std::vector<std::string>& uuids) {
    auto store = db::ResultStore::open(file, db::StoreOptions{});
    auto pg = db::central::PgConnection::open(url);
    for (const auto& uuid : uuids) {
        SCOPED_TRACE(uuid);
        const auto station = db::queryRunDetail(store.connection(), uuid);
        const auto central = db::central::queryCentralRunDetail(pg, uuid);
        ASSERT_TRUE(station);
        ASSERT_TRUE(central);
        EXPECT_EQ(db::central::payloadHash(*central), db::central::payloadHash(*station));
        std::size_t measurements = 0;
        for (const auto& s : central->steps)
            measurements += s.measurements.size();
        EXPECT_EQ(central->steps.size(), station->steps.size());
        EXPECT_GT(measurements, 0u);
    }
}

long long centralCount(const std::string& url, const std::string& table) {
    auto pg = db::central::PgConnection::open(url);
    return pg.exec("SELECT count(*) FROM " + table).integer(0, 0);
}

std::string createCentralDatabase(PgCluster& cluster, const std::string& name) {
    auto url = cluster.createDatabase(name);
    auto pg = db::central::PgConnection::open(url);
    db::central::CentralSchema::migrate(pg);
    return url;
}

db::central::UploadProgress uploadStationFile(const std::filesystem::path& file, const std::string& url, int batch) {
    db::StoreOptions options;
    options.access = db::OpenAccess::ReadWrite;
    auto store = db::ResultStore::open(file, options);
    db::central::Uploader up(store.connection(), db::central::UploadOptions{url, batch, {}});
    return up.sendDue();
}

} // namespace optiqual::test
