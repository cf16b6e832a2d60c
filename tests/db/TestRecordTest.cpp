#include "db/TestRecord.h"

#include "db/ResultStore.h"
#include "db/ResultWriter.h"
#include "db/RunDetail.h"
#include "tests/db/DbTestSupport.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace optiqual::db;
using namespace optiqual::db::test;
using optiqual::sequences::Verdict;

TEST(TestRecord, CarriesTheWholeRunInTheDocumentedShape) {
    TempDir dir;
    RunTicket ticket;
    {
        auto w = ResultWriter::open(dir / "t.db", WriterOptions{});
        ticket = w->beginRun(sampleRunStart("SN-REC", at(0)));
        auto step = sampleStep(ticket.handle, "main/optics/tx_power", 2, true, at(1));
        step.traces.push_back({"sweep", "wavelength", "nm", "power", "dBm", {1310, 1311}, {-1.5, -1.25}});
        w->recordStep(step);
        optiqual::sequences::Measurement fw;
        fw.name = "firmware";
        fw.text = "2.1.7";
        fw.outcome = Verdict::Pass;
        auto info = sampleStep(ticket.handle, "main/identify", 0, false, at(2));
        info.measurements.push_back(fw);
        w->recordStep(info);
        w->recordAudit({at(3), "xpo-line-1", ticket.handle, "carol", "verdict.override", "main/optics/tx_power", "FAIL",
                        "PASS", "retest on golden fixture"});
        w->finishRun({ticket.handle, Verdict::Fail, at(4), ""});
    }
    auto store = ResultStore::open(dir / "t.db", StoreOptions{});
    const auto run = queryRunDetail(store.connection(), ticket.uuid);
    ASSERT_TRUE(run);
    const auto j = nlohmann::json::parse(testRecordJson(*run, false));
    EXPECT_EQ(j["schema"], "optiqual.test-record/1");
    EXPECT_EQ(j["run"]["uuid"], ticket.uuid);
    EXPECT_EQ(j["run"]["outcome"], "FAIL");
    EXPECT_EQ(j["run"]["attempt"], 1);
    EXPECT_EQ(j["run"]["started_at"], "2026-11-02T00:00:00.000000Z");
    EXPECT_EQ(j["unit"]["serial"], "SN-REC");
    EXPECT_EQ(j["unit"]["part_number"], "XPO-800G-DR8");
    EXPECT_EQ(j["sequence"]["content_hash"], "sha256:abc");
    ASSERT_EQ(j["steps"].size(), 2u);
    const auto& m0 = j["steps"][0]["measurements"][0];
    EXPECT_EQ(m0["name"], "m0");
    EXPECT_EQ(m0["outcome"], "FAIL");
    EXPECT_DOUBLE_EQ(m0["value"].get<double>(), 2.0);
    EXPECT_DOUBLE_EQ(m0["high"].get<double>(), 1.0);
    EXPECT_EQ(m0["comparator"], "GELE");
    EXPECT_DOUBLE_EQ(m0["conditions"]["temperature_c"].get<double>(), 70.0);
    EXPECT_EQ(j["steps"][0]["traces"][0]["y"]["values"][1], -1.25);
    EXPECT_EQ(j["steps"][1]["measurements"][0]["value"], "2.1.7");
    EXPECT_EQ(j["instruments"][0]["calibration_due"], "2027-06-30");
    EXPECT_EQ(j["audit"][0]["reason"], "retest on golden fixture");
    EXPECT_EQ(queryRunDetail(store.connection(), std::to_string(run->summary.id))->summary.uuid, ticket.uuid);
    EXPECT_FALSE(queryRunDetail(store.connection(), "999"));
}
