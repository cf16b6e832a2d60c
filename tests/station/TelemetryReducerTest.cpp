// The live charts' data as a pure function of the event stream (TelemetryReducer, through SnapshotReducer): each
// reading lands in its socket's series of the right quantity, the series stay bounded, the lane bars keep the latest
// value per lane with its limits, the waterfall its curves per lane, and a new unit clears only what is the unit's.
#include "station/SnapshotReducer.h"
#include "tests/support/SequenceBuilders.h"

#include <gtest/gtest.h>

using namespace optiqual::station;
using namespace optiqual::sequences;
using namespace std::chrono_literals;

using optiqual::test::at;

namespace {

MeasurementSpec measured(std::string name, std::string role, std::string method) {
    MeasurementSpec m;
    m.name = std::move(name);
    m.call = InstrumentCall{std::move(role), std::move(method), {}, {}};
    return m;
}

/// Roles of every charted class; a measure step reading case (DAQ), supply current and the DDM temperature (not
/// charted), inside a loop; a sub-sequence reading the chamber.
std::shared_ptr<Sequence> benchSequence() {
    auto seq = std::make_shared<Sequence>();
    seq->name = "bench";
    seq->contentHash = "hash-bench";
    seq->roles = {{"psu", "PowerSupply", {}},
                  {"chamber", "ThermalChamber", {}},
                  {"chiller", "Chiller", {}},
                  {"daq", "DataAcquisition", {}},
                  {"fixture", "ModuleFixture", {}}};
    Step measure;
    measure.name = "Read";
    measure.type = StepType::Measure;
    measure.measurements = {measured("case_temperature", "daq", "measureTemperature"),
                            measured("input_current", "psu", "measureCurrent"),
                            measured("module_temperature", "fixture", "ddmTemperature")};
    Step loop;
    loop.name = "Corners";
    loop.type = StepType::ForEach;
    loop.forEach = ForEachSpec{"t", {}, {}, {}, {}, "", {measure}};
    seq->main = {loop};
    Step air;
    air.name = "Air";
    air.type = StepType::Measure;
    air.measurements = {measured("air", "chamber", "temperature")};
    seq->subsequences = {Subsequence{"check", {}, {air}, {}}};
    return seq;
}

Measurement value(std::string name, double v, std::string unit = "") {
    Measurement m;
    m.name = std::move(name);
    m.value = v;
    m.limit.unit = std::move(unit);
    return m;
}

Measurement lane(std::string name, int lane, double v, double low, double high, Verdict outcome = Verdict::Pass) {
    Measurement m = value(std::move(name), v, "dBm");
    m.lane = lane;
    m.limit.comparator = Comparator::GELE;
    m.limit.low = low;
    m.limit.high = high;
    m.outcome = outcome;
    return m;
}

WaitProgress poll(std::uint64_t run, int socket, std::string role, std::string method, double v, double t,
                  std::string path = "main/Soak") {
    return WaitProgress{
        run,   socket, std::move(path), std::move(role), std::move(method), v, 70, 0.5, "degC", 0s, 2min, 0s,
        30min, at(t)};
}

struct Stream {
    SnapshotReducer reducer;
    StationSnapshot snapshot;
    explicit Stream(SnapshotReducer::Options o = {}) : reducer(std::move(o)), snapshot(reducer.initial()) {}
    Stream& operator<<(const Event& e) {
        snapshot = reducer.apply(std::move(snapshot), e);
        return *this;
    }
    const SocketTelemetry& of(int socket) const { return *snapshot.socket(socket)->telemetry; }
};

RunStarted started(std::uint64_t run, int socket, double t, std::shared_ptr<const Sequence> seq = benchSequence()) {
    return RunStarted{run, socket, "SN" + std::to_string(run), "PN", "", "", "op", "st", std::move(seq), "", "", at(t)};
}

std::vector<double> values(const TelemetrySeries& s) {
    std::vector<double> v;
    for (const auto& sample : s.samples)
        v.push_back(sample.value);
    return v;
}

} // namespace

TEST(TelemetryReducer, ClassifiesReadsByInstrumentClassAndMethod) {
    EXPECT_EQ(TelemetryReducer::classify("ThermalChamber", "temperature"), TelemetryQuantity::Chamber);
    EXPECT_EQ(TelemetryReducer::classify("Chiller", "bathTemperature"), TelemetryQuantity::Coolant);
    EXPECT_EQ(TelemetryReducer::classify("Chiller", "externalTemperature"), TelemetryQuantity::Coolant);
    EXPECT_EQ(TelemetryReducer::classify("DataAcquisition", "measureTemperature"), TelemetryQuantity::Case);
    EXPECT_EQ(TelemetryReducer::classify("PowerSupply", "measureCurrent"), TelemetryQuantity::SupplyCurrent);
    EXPECT_EQ(TelemetryReducer::classify("ThermalChamber", "setpoint"), std::nullopt) << "a set point is no reading";
    EXPECT_EQ(TelemetryReducer::classify("PowerSupply", "measureVoltage"), std::nullopt);
    const TelemetrySources sources = TelemetryReducer::sourcesOf(*benchSequence());
    EXPECT_EQ(sources.measurements.at("case_temperature"), TelemetryQuantity::Case) << "inside a loop";
    EXPECT_EQ(sources.measurements.at("input_current"), TelemetryQuantity::SupplyCurrent);
    EXPECT_EQ(sources.measurements.at("air"), TelemetryQuantity::Chamber) << "inside a sub-sequence";
    EXPECT_EQ(sources.measurements.count("module_temperature"), 0u);
}

TEST(TelemetryReducer, ReadingsLandInTheirSocketsSeriesOfTheirQuantityInSimulationTime) {
    SnapshotReducer::Options o;
    o.timeScale = 100; // a wall second is 100 simulated seconds
    Stream s(o);
    s << started(1, 1, 0) << started(2, 2, 0);
    s << poll(1, 1, "chamber", "temperature", 30, 1) << poll(1, 1, "chiller", "bathTemperature", 20, 2);
    s << poll(2, 2, "daq", "measureTemperature", 40, 3);
    s << MeasurementRecorded{1, 1, "main/Read", value("input_current", 4.5, "A"), at(4)};
    s << MeasurementRecorded{1, 1, "main/Read", value("module_temperature", 55, "degC"), at(5)};
    s << MeasurementRecorded{2, 2, "main/Read", value("case_temperature", 41, "degC"), at(6)};
    s << poll(1, 1, "psu", "measureVoltage", 48, 7); // not charted

    const auto& one = s.of(1);
    EXPECT_EQ(values(one.of(TelemetryQuantity::Chamber)), std::vector<double>{30});
    EXPECT_EQ(values(one.of(TelemetryQuantity::Coolant)), std::vector<double>{20});
    EXPECT_EQ(values(one.of(TelemetryQuantity::SupplyCurrent)), std::vector<double>{4.5});
    EXPECT_TRUE(one.of(TelemetryQuantity::Case).samples.empty()) << "socket 2's case is not socket 1's";
    EXPECT_DOUBLE_EQ(one.of(TelemetryQuantity::Chamber).samples[0].t, 100) << "1 s after the run began, at 100×";
    EXPECT_DOUBLE_EQ(one.of(TelemetryQuantity::SupplyCurrent).samples[0].t, 400);
    const auto& two = s.of(2);
    EXPECT_EQ(values(two.of(TelemetryQuantity::Case)), (std::vector<double>{40, 41}));
    EXPECT_TRUE(two.of(TelemetryQuantity::Chamber).samples.empty());
}

TEST(TelemetryReducer, ABatchStepsReadingIsEverySharingSocketsToo) {
    Stream s;
    s << started(1, 1, 0) << started(2, 2, 0);
    s << StepStarted{1, 1, "main/Soak", "Soak", StepType::WaitUntil, 1, at(1)};
    s << StepStarted{2, 2, "main/Soak", "Soak", StepType::WaitUntil, 1, at(1)};
    s << poll(1, 1, "chamber", "temperature", 33, 2); // socket 1 reads for both
    EXPECT_EQ(values(s.of(1).of(TelemetryQuantity::Chamber)), std::vector<double>{33});
    EXPECT_EQ(values(s.of(2).of(TelemetryQuantity::Chamber)), std::vector<double>{33});
}

TEST(TelemetryReducer, ASeriesKeepsItsWindowAndItsCountAndSurvivesTheNextUnit) {
    SnapshotReducer::Options o;
    o.telemetry.maxSamples = 50;
    o.telemetry.windowSeconds = 600;
    Stream s(o);
    s << started(1, 1, 0);
    for (int i = 0; i < 200; ++i) // one a second
        s << poll(1, 1, "chamber", "temperature", double(i), double(i));
    const auto& samples = s.of(1).of(TelemetryQuantity::Chamber).samples;
    ASSERT_EQ(samples.size(), 50u) << "the count bound";
    EXPECT_EQ(samples.front().value, 150) << "the oldest dropped first";
    EXPECT_EQ(samples.back().value, 199);

    Stream w(o);
    w << started(1, 1, 0);
    for (int i = 0; i < 40; ++i) // one every 30 s: 20 minutes
        w << poll(1, 1, "chamber", "temperature", double(i), double(i) * 30);
    const auto& windowed = w.of(1).of(TelemetryQuantity::Chamber).samples;
    EXPECT_EQ(windowed.size(), 21u) << "the last 10 simulated minutes, both ends";
    EXPECT_DOUBLE_EQ(windowed.back().t - windowed.front().t, 600);

    w << started(2, 1, 1300) << poll(2, 1, "chamber", "temperature", 99, 1301);
    const auto& next = w.of(1).of(TelemetryQuantity::Chamber).samples;
    EXPECT_EQ(next.size(), 17u) << "the chamber's trace goes on across units: 16 of the 10 minutes before, and the new";
    EXPECT_DOUBLE_EQ(next.front().t, 720);
    EXPECT_EQ(next.back().value, 99);
    EXPECT_DOUBLE_EQ(next.back().t, 1301) << "time counts from the socket's first unit";
}

TEST(TelemetryReducer, LaneBarsTakeTheLatestValuePerLaneWithItsLimitsAndANewUnitClearsThem) {
    Stream s;
    s << started(1, 1, 0);
    s << MeasurementRecorded{1, 1, "main/Tx", lane("tx_power", 3, 1.0, -3.1, 4.0), at(1)};
    s << MeasurementRecorded{1, 1, "main/Tx", lane("tx_power", 1, 0.5, -3.1, 4.0), at(2)};
    s << MeasurementRecorded{1, 1, "main/Tx", lane("tx_power", 3, -3.5, -3.0, 4.5, Verdict::Fail), at(3)};
    Measurement logged = lane("ddm_tx", 2, 0.7, 0, 0);
    logged.limit.comparator = Comparator::LOG;
    s << MeasurementRecorded{1, 1, "main/Tx", logged, at(4)};                                 // logged only: not a bar
    s << MeasurementRecorded{1, 1, "main/Rx", lane("rx_sensitivity", 5, -9, -20, -8), at(5)}; // not the bars' name

    const auto& t = s.of(1);
    EXPECT_EQ(t.barsName, "tx_power");
    EXPECT_EQ(t.barsUnit, "dBm");
    ASSERT_EQ(t.bars.size(), 2u);
    EXPECT_EQ(t.bars[0].lane, 1) << "by lane";
    EXPECT_EQ(t.bars[0].value, 0.5);
    EXPECT_EQ(t.bars[1].lane, 3);
    EXPECT_EQ(t.bars[1].value, -3.5) << "the latest value of lane 3";
    EXPECT_EQ(t.bars[1].low, -3.0) << "and the limit it was judged by";
    EXPECT_EQ(t.bars[1].high, 4.5);
    EXPECT_EQ(t.bars[1].outcome, Verdict::Fail);

    s << started(2, 1, 10);
    EXPECT_TRUE(s.of(1).bars.empty()) << "the bars are the current unit's";
    EXPECT_TRUE(s.of(1).barsName.empty());
}

TEST(TelemetryReducer, TheWaterfallKeepsEachLanesCurveOfTheFirstPositiveTrace) {
    Stream s;
    s << started(1, 1, 0);
    Trace l2{"ber_waterfall", 2, "received_oma", "dBm", "ber", "", {-5, -6, -7}, {1e-9, 1e-6, 1e-3}};
    Trace l1{"ber_waterfall", 1, "received_oma", "dBm", "ber", "", {-5, -6}, {1e-8, 1e-4}};
    Trace zero{"ber_waterfall", 3, "received_oma", "dBm", "ber", "", {-5}, {0}}; // no log of 0
    Trace other{"power_sweep", 4, "bias", "mA", "power", "mW", {1}, {2}};
    s << StepFinished{1,     1,     "main/Sensitivity", "Sensitivity", StepType::Sweep, Verdict::Pass, "", 1, {},
                      at(1), at(2), {l2, l1, zero}};
    s << StepFinished{1, 1, "main/Other", "Other", StepType::Sweep, Verdict::Pass, "", 1, {}, at(3), at(4), {other}};
    const auto& t = s.of(1);
    EXPECT_EQ(t.waterfallName, "ber_waterfall");
    EXPECT_EQ(t.waterfallX, "received_oma (dBm)");
    ASSERT_EQ(t.waterfall.size(), 2u) << "lane 3's zero BER and the other trace are left out";
    EXPECT_EQ(t.waterfall[0].lane, 1);
    EXPECT_EQ(t.waterfall[1].lane, 2);
    EXPECT_EQ(t.waterfall[1].y, (std::vector<double>{1e-9, 1e-6, 1e-3}));
}

TEST(TelemetryReducer, APublishedSnapshotsTelemetryNeverChangesUnderItsReader) {
    Stream s;
    s << started(1, 1, 0) << poll(1, 1, "chamber", "temperature", 30, 1);
    const auto shown = s.snapshot.socket(1)->telemetry; // what a frame holds
    s << poll(1, 1, "chamber", "temperature", 31, 2);
    EXPECT_EQ(values(shown->of(TelemetryQuantity::Chamber)), std::vector<double>{30}) << "copied, not written";
    EXPECT_EQ(values(s.of(1).of(TelemetryQuantity::Chamber)), (std::vector<double>{30, 31}));
}

TEST(TelemetryReducer, MonitorReadingsLandInTheirSocketsSeriesAlsoBetweenUnitsAndNeverMakeASocket) {
    SnapshotReducer::Options o;
    o.timeScale = 100;
    Stream s(o);
    s << started(1, 1, 0);
    s << MonitorReading{1, TelemetryQuantity::Chamber, 31, "chamber", at(1)};
    s << MonitorReading{1, TelemetryQuantity::SupplyCurrent, 2.5, "psu48", at(2)};
    s << RunFinished{1, 1, "SN1", Verdict::Pass, "", at(3)};
    s << MonitorReading{1, TelemetryQuantity::Chamber, 32, "chamber", at(4)}; // between units
    s << MonitorReading{2, TelemetryQuantity::Chamber, 33, "chamber", at(5)}; // socket 2 never had a unit
    const auto& one = s.of(1);
    EXPECT_EQ(values(one.of(TelemetryQuantity::Chamber)), (std::vector<double>{31, 32}));
    EXPECT_DOUBLE_EQ(one.of(TelemetryQuantity::Chamber).samples[1].t, 400);
    EXPECT_EQ(values(one.of(TelemetryQuantity::SupplyCurrent)), std::vector<double>{2.5});
    EXPECT_EQ(s.snapshot.socket(2), nullptr) << "a reading is no unit: the socket's view comes with its first run";
}
