#pragma once
// Shared pieces of the XPO-HB1 fixture driver and simulator tests.
#include "instruments/InstrumentError.h"
#include "instruments/ScpiSession.h"
#include "instruments/sim/world/CmisModule.h"
#include "instruments/sim/devices/FixtureSimulator.h"
#include "instruments/sim/SimContext.h"
#include "tests/support/WireScript.h"

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <gtest/gtest.h>
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

} // namespace optiqual::testing::fixture
