// The catalog sequences are validated against is InstrumentMethods::builtin(): the shipped sequences must load clean
// against it, and the hand-written copy the sequences tests use (tests/sequences/TestCatalog) must say exactly what
// it says, so a sequences test can never pass while the station rejects the sequence. Then the fixture's methods
// as a sequence calls them (arguments as sequence values) against the simulated board.
#include "core/Clock.h"
#include "instruments/InstrumentError.h"
#include "instruments/drivers/OptiQualXpoFixture.h"
#include "instruments/sim/devices/FixtureSimulator.h"
#include "instruments/sim/scpi/SimServer.h"
#include "sequences/SequenceFile.h"
#include "station/InstrumentMethods.h"
#include "tests/sequences/TestCatalog.h"
#include "tests/support/WireScript.h"

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <cmath>
#include <filesystem>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace optiqual;
using sequences::MethodSignature;
using station::InstrumentMethods;
namespace fs = std::filesystem;

namespace {

std::string describe(const MethodSignature& signature) {
    std::string out = signature.name + "(";
    for (const auto& param : signature.params)
        out += param.name + ":" + std::to_string(static_cast<int>(param.kind)) + ":" + param.unit +
               (param.optional ? "?" : "") + " ";
    return out + ") -> " + std::to_string(static_cast<int>(signature.returns)) + " " + signature.returnUnit;
}

} // namespace

TEST(InstrumentCatalog, TestCopyMatchesTheStationsCatalog) {
    const InstrumentMethods& real = InstrumentMethods::builtin();
    const auto& copy = sequences::test::stationCatalog();
    EXPECT_EQ(copy.classes(), real.classes());
    for (const std::string& instrumentClass : real.classes()) {
        SCOPED_TRACE(instrumentClass);
        EXPECT_EQ(copy.methods(instrumentClass), real.methods(instrumentClass));
        for (const std::string& method : real.methods(instrumentClass)) {
            const MethodSignature* theirs = copy.method(instrumentClass, method);
            ASSERT_NE(theirs, nullptr) << method;
            EXPECT_EQ(describe(*theirs), describe(*real.method(instrumentClass, method)));
        }
    }
}

TEST(InstrumentCatalog, ShippedSequencesValidateAgainstTheStationsCatalog) {
    std::vector<std::string> files;
    for (const char* product : {"xpo", "cpo", "coldplate"})
        for (const auto& entry :
             fs::directory_iterator(sequences::test::sourcePath(std::string("sequences/") + product)))
            if (entry.path().extension() == ".yaml" &&
                entry.path().stem().string().find("-limits") == std::string::npos)
                files.push_back(entry.path().string());
    ASSERT_FALSE(files.empty());
    for (const std::string& file : files) {
        std::string problems;
        for (const auto& diagnostic : sequences::checkSequenceFile(file, InstrumentMethods::builtin()))
            problems += diagnostic.format() + "\n";
        EXPECT_TRUE(problems.empty()) << file << "\n" << problems;
    }
}

TEST(InstrumentCatalog, FixtureMethodsCarryTheirUnits) {
    // The units sequences judge the fixture's readings in (docs/fixture.md appendix C).
    const InstrumentMethods& methods = InstrumentMethods::builtin();
    const std::vector<std::pair<std::string, std::string>> units{{"measureInputVoltage", "V"},
                                                                 {"measureInputCurrent", "A"},
                                                                 {"measureInputPower", "W"},
                                                                 {"inrushPeakCurrent", "A"},
                                                                 {"stateEntryTime", "s"},
                                                                 {"advertisedPowerUpTime", "s"},
                                                                 {"advertisedDataPathInitTime", "s"},
                                                                 {"ddmTemperature", "degC"},
                                                                 {"ddmSupplyVoltage", "V"},
                                                                 {"ddmTxPower", "dBm"},
                                                                 {"ddmBias", "A"},
                                                                 {"ddmRxPower", "dBm"}};
    for (const auto& [name, unit] : units) {
        const MethodSignature* signature = methods.method("ModuleFixture", name);
        ASSERT_NE(signature, nullptr) << name;
        EXPECT_EQ(signature->returnUnit, unit) << name;
    }
    for (const char* text : {"vendorName", "vendorPartNumber", "vendorSerialNumber", "firmwareVersion"})
        EXPECT_EQ(methods.method("ModuleFixture", text)->returns, sequences::ValueKind::Text) << text;
    EXPECT_EQ(methods.method("ModuleFixture", "eepromChecksumValid")->returns, sequences::ValueKind::Bool);
    for (const char* laneMethod : {"ddmTxPower", "ddmBias", "ddmRxPower", "rxLossOfSignal", "readBer", "stopPrbs"}) {
        const MethodSignature* signature = methods.method("ModuleFixture", laneMethod);
        ASSERT_NE(signature, nullptr) << laneMethod;
        EXPECT_EQ(signature->params.back().name, "lanes") << laneMethod;
        EXPECT_TRUE(signature->params.back().optional) << laneMethod << ": the all-lanes form stays valid";
    }
}

namespace {

/// The real driver on a simulated board over loopback, its clock ×1000, a good module seated.
struct SimulatedFixture {
    boost::asio::io_context io;
    std::shared_ptr<instruments::sim::FixtureSimulator> board;
    std::unique_ptr<instruments::sim::SimServer> server;
    std::unique_ptr<instruments::OptiQualXpoFixture> fixture;

    SimulatedFixture() {
        instruments::sim::SimContext context;
        context.clock = std::make_shared<core::Clock>(1000.0);
        context.serialNumber = "HB1-000001";
        board = std::make_shared<instruments::sim::FixtureSimulator>(context);
        board->seat(std::make_unique<instruments::sim::CmisModule>("XPO26A0001", instruments::sim::CmisModuleParams{},
                                                                   std::vector<instruments::sim::Defect>{}));
        server = std::make_unique<instruments::sim::SimServer>(io.get_executor(), board, "fixture-sim");
        server->listenTcp(0);
        instruments::SessionOptions options;
        options.name = "fixture";
        options.checked = true;
        options.timeouts.reply = std::chrono::milliseconds(1000);
        fixture = std::make_unique<instruments::OptiQualXpoFixture>(std::make_unique<instruments::ScpiSession>(
            io.get_executor(), instruments::ResourceString::parse(server->resourceString()), options));
        optiqual::testing::runAwaitable(io, fixture->connect());
    }
    ~SimulatedFixture() {
        fixture.reset();
        server->stop();
    }
    SimulatedFixture(const SimulatedFixture&) = delete;
    SimulatedFixture& operator=(const SimulatedFixture&) = delete;

    station::Value call(const std::string& method, std::vector<station::Value> args = {}) {
        return optiqual::testing::runAwaitable(io,
                                               InstrumentMethods::builtin().call(*fixture, method, std::move(args)));
    }
};

} // namespace

TEST(InstrumentCatalog, FixtureMethodsRunAsSequencesCallThem) {
    using station::Value;
    SimulatedFixture bench;
    bench.call("setReset", {false});
    bench.call("setLowPowerMode", {false});
    bench.call("setModulePower", {true});
    for (int poll = 0; poll < 20000 && std::get<std::string>(bench.call("moduleState")) != "ready"; ++poll) {
    }
    ASSERT_EQ(std::get<std::string>(bench.call("moduleState")), "ready");
    // Lane 1's data path activated: its laser is on, its receiver initialized.
    for (int poll = 0; poll < 20000; ++poll)
        if (std::isfinite(std::get<std::vector<double>>(bench.call("ddmTxPower", {1.0})).front()))
            break;
    ASSERT_TRUE(std::isfinite(std::get<std::vector<double>>(bench.call("ddmTxPower", {1.0})).front()));
    EXPECT_EQ(std::get<std::string>(bench.call("vendorName")), "OPTIQUAL SIM");
    EXPECT_EQ(std::get<std::string>(bench.call("vendorPartNumber")), "XPO-DR64-12T8");
    EXPECT_EQ(std::get<std::string>(bench.call("vendorSerialNumber")), "XPO26A0001");
    EXPECT_EQ(std::get<std::string>(bench.call("firmwareVersion")), "2.4");
    EXPECT_TRUE(std::get<bool>(bench.call("eepromChecksumValid")));
    EXPECT_EQ(std::get<double>(bench.call("advertisedPowerUpTime")), 5.0);
    const double ready = std::get<double>(bench.call("stateEntryTime", {std::string("ready")}));
    EXPECT_GT(ready, std::get<double>(bench.call("stateEntryTime", {std::string("powering-up")})));
    EXPECT_GT(std::get<double>(bench.call("inrushPeakCurrent")), 4.8);
    EXPECT_GT(std::get<double>(bench.call("measureInputPower")), 60.0);

    // Lane lists: one value per listed lane, all 64 without; LOS as 1/0.
    EXPECT_EQ(std::get<std::vector<double>>(bench.call("ddmBias", {std::vector<double>{1, 64}})).size(), 2U);
    EXPECT_EQ(std::get<std::vector<double>>(bench.call("ddmTxPower")).size(), 64U);
    EXPECT_EQ(std::get<std::vector<double>>(bench.call("ddmRxPower", {3.0})).size(), 1U) << "one lane as a number";
    EXPECT_EQ(std::get<std::vector<double>>(bench.call("rxLossOfSignal", {std::vector<double>{1}})),
              std::vector<double>{1.0})
        << "no light on a seated module of its own";
    bench.call("startPrbs", {std::string("media"), 0.0, std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}});
    const auto ber =
        std::get<std::vector<double>>(bench.call("readBer", {std::string("media"), std::vector<double>{1, 9}}));
    ASSERT_EQ(ber.size(), 2U);
    EXPECT_EQ(ber[0], 0.5) << "no light";
    EXPECT_TRUE(std::isnan(ber[1])) << "lane 9's checker was not started";
    EXPECT_EQ(std::get<std::vector<double>>(bench.call("readBer", {std::string("media")})).size(), 64U);
    bench.call("stopPrbs", {std::string("media")});

    try {
        bench.call("stateEntryTime", {std::string("READY")});
        ADD_FAILURE() << "a state by the board's word is not a sequence's state name";
    } catch (const instruments::InstrumentError& e) {
        EXPECT_EQ(e.kind(), instruments::InstrumentErrorKind::Configuration);
        EXPECT_NE(std::string(e.what()).find("low-power"), std::string::npos) << e.what();
    }
}
