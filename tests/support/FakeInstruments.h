#pragma once
// Zero-latency fake instruments for engine tests: they implement the instrument-class interfaces in memory
// (no I/O) and record every call, so tests assert on the exact calls and on the safe state left behind.
#include "instruments/PowerSupply.h"
#include "instruments/ResourceString.h"
#include "instruments/ThermalChamber.h"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace optiqual::testing {

inline std::unique_ptr<instruments::ScpiSession> unusedSession(const boost::asio::any_io_executor& ex,
                                                               std::string name) {
    instruments::SessionOptions o;
    o.name = std::move(name);
    return std::make_unique<instruments::ScpiSession>(
        ex, instruments::ResourceString::parse("TCPIP0::127.0.0.1::9::SOCKET"), o);
}

/// A two-channel supply. measureCurrent() answers from a queue (then the last value); measureVoltage() takes
/// `readDelay` of real time, so a test can abort while it is pending.
class FakePsu : public instruments::PowerSupply {
public:
    FakePsu(const boost::asio::any_io_executor& ex, std::string name)
        : PowerSupply("FAKE-PSU", unusedSession(ex, std::move(name))) {}
    int channelCount() const override { return 2; }
    instruments::PsuChannelRating rating(int) const override { return {60, 25}; }
    boost::asio::awaitable<void> setVoltage(int ch, double v) override {
        log.push_back("setVoltage " + std::to_string(ch) + " " + std::to_string(v));
        volts[ch] = v;
        co_return;
    }
    boost::asio::awaitable<double> voltageSetpoint(int ch) override { co_return volts[ch]; }
    boost::asio::awaitable<void> setCurrentLimit(int, double) override { co_return; }
    boost::asio::awaitable<double> currentLimit(int) override { co_return 25.0; }
    boost::asio::awaitable<void> setOutput(int ch, bool on) override {
        log.push_back(std::string("setOutput ") + std::to_string(ch) + (on ? " on" : " off"));
        outputs[ch] = on;
        co_return;
    }
    boost::asio::awaitable<bool> output(int ch) override { co_return outputs[ch]; }
    boost::asio::awaitable<double> measureVoltage(int ch) override {
        if (readDelay.count() > 0) {
            boost::asio::steady_timer t(co_await boost::asio::this_coro::executor, readDelay);
            co_await t.async_wait(boost::asio::use_awaitable);
        }
        log.push_back("measureVoltage " + std::to_string(ch));
        co_return volts[ch];
    }
    boost::asio::awaitable<double> measureCurrent(int) override {
        ++currentReads;
        double v = currents.empty() ? lastCurrent : currents.front();
        if (!currents.empty()) {
            lastCurrent = currents.front();
            currents.pop_front();
        }
        co_return v;
    }
    boost::asio::awaitable<void> setOverVoltageProtection(int, double) override { co_return; }
    boost::asio::awaitable<void> setOverCurrentProtection(int, bool) override { co_return; }
    boost::asio::awaitable<bool> protectionTripped(int) override { co_return false; }
    boost::asio::awaitable<void> clearProtection(int) override { co_return; }
    boost::asio::awaitable<void> safeState() override {
        ++safeStates;
        log.push_back("safeState");
        co_await PowerSupply::safeState();
    }

    std::map<int, double> volts;
    std::map<int, bool> outputs;
    std::deque<double> currents;
    double lastCurrent = 1.0;
    int currentReads = 0;
    int safeStates = 0;
    std::chrono::milliseconds readDelay{0};
    std::vector<std::string> log;
};

/// A chamber whose air temperature follows the set point at once.
class FakeChamber : public instruments::ThermalChamber {
public:
    FakeChamber(const boost::asio::any_io_executor& ex, std::string name)
        : ThermalChamber("FAKE-CHAMBER", unusedSession(ex, std::move(name))) {}
    boost::asio::awaitable<void> setSetpoint(double c) override {
        ++setpointWrites;
        sp = c;
        co_return;
    }
    boost::asio::awaitable<double> setpoint() override { co_return sp; }
    boost::asio::awaitable<double> temperature() override { co_return sp + offset; }
    boost::asio::awaitable<void> setRampRate(double) override { co_return; }
    boost::asio::awaitable<void> setRunning(bool r) override {
        run = r;
        co_return;
    }
    boost::asio::awaitable<bool> running() override { co_return run; }
    double sp = 25;
    double offset = 0;
    bool run = false;
    int setpointWrites = 0;
};

} // namespace optiqual::testing
