#pragma once
// Shared pieces of the XPO-HB1 fixture driver and simulator tests.
#include "core/Clock.h"
#include "instruments/InstrumentError.h"
#include "instruments/ScpiSession.h"
#include "instruments/drivers/OptiQualXpoFixture.h"
#include "instruments/sim/SimContext.h"
#include "instruments/sim/devices/FixtureSimulator.h"
#include "instruments/sim/scpi/SimServer.h"
#include "instruments/sim/world/CmisModule.h"
#include "tests/support/WireScript.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <gtest/gtest.h>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::testing::fixture {

inline constexpr const char* kIdn = "OptiQual,XPO-HB1,HB1-000123,1.0.0";
inline constexpr const char* kModuleSerial = "XPO26A0001";

/// @brief Session options of the tests: instrument named "fixture"; a 1 s reply timeout, because a failed query of
/// the board has no reply and the driver learns of it by the timeout (the tests' replies come within µs, so the
/// timeout only bounds the error tests, with room for a loaded machine or a sanitizer build).
inline instruments::SessionOptions sessionOptions(bool checked) {
    using namespace std::chrono_literals;
    instruments::SessionOptions options;
    options.name = "fixture";
    options.checked = checked;
    options.timeouts.connect = 1000ms;
    options.timeouts.write = 1000ms;
    options.timeouts.reply = 1000ms;
    options.timeouts.read = 500ms;
    return options;
}

inline std::unique_ptr<instruments::ScpiSession> makeSession(boost::asio::io_context& io, const std::string& resource,
                                                             bool checked = false) {
    return std::make_unique<instruments::ScpiSession>(io.get_executor(), instruments::ResourceString::parse(resource),
                                                      sessionOptions(checked));
}

/// @brief Runs @p work to completion and returns the InstrumentError it throws; fails the test if it throws none.
template <typename T>
instruments::InstrumentError expectInstrumentError(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    try {
        runAwaitable(io, std::move(work));
    } catch (const instruments::InstrumentError& e) {
        return e;
    }
    ADD_FAILURE() << "no InstrumentError";
    return instruments::InstrumentError(instruments::InstrumentErrorKind::Protocol, "", "", "none thrown");
}

/// @brief A module without defects (defects are drawn from the serial otherwise), so the tests see a good unit.
inline std::unique_ptr<instruments::sim::CmisModule> goodModule(std::string serial = kModuleSerial) {
    return std::make_unique<instruments::sim::CmisModule>(std::move(serial), instruments::sim::CmisModuleParams{},
                                                          std::vector<instruments::sim::Defect>{});
}

/// @brief Bytes as text, for comparing CMIS blocks.
inline std::string text(const std::vector<std::uint8_t>& bytes) {
    return std::string(bytes.begin(), bytes.end());
}

/// @brief The characters of @p values, for writing binary blocks in scripts.
inline std::string bytes(std::initializer_list<int> values) {
    std::string out;
    for (int v : values)
        out += static_cast<char>(v);
    return out;
}

/// @brief The driver against a scripted board: the exchanges of the programming guide, byte for byte.
struct WireBench {
    boost::asio::io_context io;
    WireScript script;
    instruments::OptiQualXpoFixture fixture;

    explicit WireBench(std::vector<Exchange> exchanges, bool checked = false)
        : script(io, std::move(exchanges)), fixture(makeSession(io, script.resource(), checked)) {}

    template <typename T> T run(boost::asio::awaitable<T> work) { return runAwaitable(io, std::move(work)); }
    void run(boost::asio::awaitable<void> work) { runAwaitable(io, std::move(work)); }
};

/// @brief A simulated board on a loopback port, its clock ×1000 (a 5 s power-up takes 5 ms), a good module seated,
/// and the driver connected in checked mode.
struct SimBench {
    boost::asio::io_context io;
    std::shared_ptr<instruments::sim::FixtureSimulator> board;
    std::unique_ptr<instruments::sim::SimServer> server;
    std::unique_ptr<instruments::OptiQualXpoFixture> fixture;

    SimBench() {
        instruments::sim::SimContext context;
        context.clock = std::make_shared<optiqual::core::Clock>(1000.0);
        context.serialNumber = "HB1-000123";
        context.seed = 7;
        board = std::make_shared<instruments::sim::FixtureSimulator>(context);
        board->seat(goodModule());
        server = std::make_unique<instruments::sim::SimServer>(io.get_executor(), board, "fixture-sim");
        server->listenTcp(0);
        fixture = std::make_unique<instruments::OptiQualXpoFixture>(makeSession(io, server->resourceString(), true));
        run(fixture->connect());
    }
    ~SimBench() {
        fixture.reset();
        server->stop();
    }
    SimBench(const SimBench&) = delete;
    SimBench& operator=(const SimBench&) = delete;

    template <typename T> T run(boost::asio::awaitable<T> work) { return runAwaitable(io, std::move(work)); }
    void run(boost::asio::awaitable<void> work) { runAwaitable(io, std::move(work)); }
    instruments::InstrumentError error(boost::asio::awaitable<void> work) {
        return expectInstrumentError(io, std::move(work));
    }
    template <typename T> instruments::InstrumentError error(boost::asio::awaitable<T> work) {
        return expectInstrumentError(io, std::move(work));
    }

    /// Polls moduleState() (a bounded number of times, no sleeping) until it reports @p target; returns every
    /// state seen, the last one first checked by the caller.
    std::vector<instruments::ModuleState> awaitState(instruments::ModuleState target) {
        std::vector<instruments::ModuleState> seen;
        for (int poll = 0; poll < 20000; ++poll) {
            const instruments::ModuleState state = run(fixture->moduleState());
            if (seen.empty() || seen.back() != state)
                seen.push_back(state);
            if (state == target)
                break;
        }
        return seen;
    }

    void powerUpToLowPower() {
        run(fixture->setReset(false));
        run(fixture->setLowPowerMode(true));
        run(fixture->setModulePower(true));
        ASSERT_EQ(awaitState(instruments::ModuleState::LowPower).back(), instruments::ModuleState::LowPower);
    }

    void powerUpToReady() {
        powerUpToLowPower();
        run(fixture->setLowPowerMode(false));
        ASSERT_EQ(awaitState(instruments::ModuleState::Ready).back(), instruments::ModuleState::Ready);
    }

    /// Waits until every lane's data path is DPActivated (page 11h 128–131 = 0x44 in each bank).
    void awaitDataPathsActivated() {
        for (int bank = 0; bank < instruments::sim::CmisModule::kBanks; ++bank) {
            std::vector<std::uint8_t> states;
            for (int poll = 0; poll < 20000; ++poll) {
                states = run(fixture->readCmis(bank, 0x11, 128, 4));
                if (states == std::vector<std::uint8_t>(4, 0x44))
                    break;
            }
            ASSERT_EQ(states, std::vector<std::uint8_t>(4, 0x44)) << "bank " << bank;
        }
    }
};

} // namespace optiqual::testing::fixture
