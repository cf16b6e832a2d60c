#pragma once
// Shared pieces of the power-supply driver and simulator tests.
#include "core/Clock.h"
#include "instruments/InstrumentError.h"
#include "instruments/ScpiSession.h"
#include "instruments/sim/SimContext.h"
#include "instruments/sim/devices/PsuSimulator.h"
#include "instruments/sim/scpi/LineDevice.h"
#include "instruments/sim/scpi/SimServer.h"
#include "tests/support/WireScript.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <gtest/gtest.h>
#include <memory>
#include <string>
#include <string_view>

namespace optiqual::testing::psu {

/// @brief Session options of the tests: instrument named "psu", short timeouts.
inline instruments::SessionOptions sessionOptions(bool checked) {
    using namespace std::chrono_literals;
    instruments::SessionOptions options;
    options.name = "psu";
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

/// @brief A simulation context whose clock runs a million times faster than the wall clock, so an output has
/// settled (time constants of milliseconds) between any two commands.
inline instruments::sim::SimContext fastContext(std::string serial = "SIM0001") {
    instruments::sim::SimContext context;
    context.clock = std::make_shared<core::Clock>(1e6);
    context.serialNumber = std::move(serial);
    return context;
}

/// @brief A hand-stepped simulation time for a simulator: `time.now = 0.02;` moves it.
struct ManualTime {
    double now = 0;
    void attach(instruments::sim::PsuSimulator& simulator) {
        simulator.setTimeSource([this] { return now; });
    }
};

/// @brief A simulated supply served on a loopback TCP port with a driver (checked mode unless told) connected.
template <typename Driver, typename Simulator> struct SimBench {
    boost::asio::io_context io;
    std::shared_ptr<Simulator> device;
    std::unique_ptr<instruments::sim::SimServer> server;
    std::unique_ptr<Driver> driver;

    SimBench(std::shared_ptr<Simulator> simulator, std::string_view model, bool checked = true)
        : device(std::move(simulator)) {
        server = std::make_unique<instruments::sim::SimServer>(io.get_executor(), device, "psu-sim");
        server->listenTcp(0);
        driver = std::make_unique<Driver>(makeSession(io, server->resourceString(), checked), model);
        run(driver->connect());
    }
    ~SimBench() {
        driver.reset();
        server->stop();
    }
    SimBench(const SimBench&) = delete;
    SimBench& operator=(const SimBench&) = delete;

    template <typename T> T run(boost::asio::awaitable<T> work) { return runAwaitable(io, std::move(work)); }
    void run(boost::asio::awaitable<void> work) { runAwaitable(io, std::move(work)); }
    template <typename T> instruments::InstrumentError error(boost::asio::awaitable<T> work) {
        return expectInstrumentError(io, std::move(work));
    }
    /// @brief Sends @p message straight to the simulator (no socket), as a front-panel poke would.
    std::string direct(std::string_view message) { return device->handleMessage(message).value_or(""); }
};

/// @brief Pops the simulator's error queue once.
inline std::string nextError(instruments::sim::LineDevice& device) {
    return device.handleMessage("SYST:ERR?").value_or("<no reply>");
}

} // namespace optiqual::testing::psu
