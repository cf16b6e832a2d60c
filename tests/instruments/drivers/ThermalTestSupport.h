#pragma once
#include "instruments/InstrumentError.h"
#include "instruments/ScpiSession.h"
#include "tests/support/WireScript.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <gtest/gtest.h>
#include <memory>
#include <string>

/// Helpers shared by the thermal family's tests (suites ThermalWire*, ThermalSim*).
namespace optiqual::testing::thermal {

/// Short deadlines: a test that waits on a dead exchange fails in well under a second.
inline instruments::SessionOptions fastOptions(std::string name = "dut") {
    instruments::SessionOptions o;
    o.name = std::move(name);
    o.timeouts.connect = std::chrono::milliseconds(1000);
    o.timeouts.reply = std::chrono::milliseconds(1000);
    o.timeouts.read = std::chrono::milliseconds(500);
    o.timeouts.write = std::chrono::milliseconds(1000);
    return o;
}

inline std::unique_ptr<instruments::ScpiSession> makeSession(boost::asio::io_context& io, const std::string& resource,
                                                             instruments::SessionOptions options = fastOptions()) {
    return std::make_unique<instruments::ScpiSession>(io.get_executor(), instruments::ResourceString::parse(resource),
                                                      std::move(options));
}

/// The resource without its `?options` (so a driver's own terminators apply).
inline std::string withoutOptions(const std::string& resource) {
    return resource.substr(0, resource.find('?'));
}

/// Runs @p work expecting an InstrumentError and returns it (a failed expectation when none is thrown).
template <typename T>
instruments::InstrumentError expectError(boost::asio::io_context& io, boost::asio::awaitable<T> work) {
    try {
        runAwaitable(io, std::move(work));
    } catch (const instruments::InstrumentError& e) {
        return e;
    }
    ADD_FAILURE() << "no InstrumentError was thrown";
    return instruments::InstrumentError(instruments::InstrumentErrorKind::Protocol, "", "", "none");
}

} // namespace optiqual::testing::thermal
