#include "instruments/drivers/KeysightN77xxPowerMeter.h"

#include "instruments/ScpiNumber.h"
#include "instruments/drivers/OpticalFormat.h"

#include <algorithm>
#include <array>
#include <bit>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>

namespace optiqual::instruments {

using namespace optical;

namespace {

using namespace std::chrono_literals;

/// Above this a Keysight meter's reading means under range or invalid [LX].
constexpr double kInvalidAbove = 1e20;

// Datasheet figures (N7744A/N7745A: 1250–1650 nm, averaging 1 µs–10 s, 1 M logging samples per buffer) and,
// for the 8163B with 81634B modules, 800–1700 nm, 100 µs–10 s and 20001 logging points (assumed).
const std::array<KeysightPowerMeterModel, 3> kModels{{
    {"N7744A", 4, 1250e-9, 1650e-9, 1us, 10s, 1000000},
    {"N7745A", 8, 1250e-9, 1650e-9, 1us, 10s, 1000000},
    {"8163B", 2, 800e-9, 1700e-9, 100us, 10s, 20001},
}};

double validReading(double value) {
    return std::isnan(value) || value > kInvalidAbove ? std::numeric_limits<double>::quiet_NaN() : value;
}

bool contains(const std::string& text, std::string_view word) {
    std::string upper(text);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return upper.find(word) != std::string::npos;
}

} // namespace

const KeysightPowerMeterModel* KeysightN77xxPowerMeter::findModel(std::string_view model) {
    for (const auto& m : kModels) {
        if (equalsNoCase(m.model, model)) {
            return &m;
        }
    }
    return nullptr;
}

std::vector<std::string> KeysightN77xxPowerMeter::models() {
    std::vector<std::string> keys;
    for (const auto& m : kModels) {
        keys.push_back(m.model);
    }
    return keys;
}

KeysightN77xxPowerMeter::KeysightN77xxPowerMeter(std::unique_ptr<ScpiSession> session, KeysightPowerMeterModel model)
    : OpticalPowerMeter(model.model, std::move(session)), m_model(std::move(model)),
      m_clock(std::make_shared<core::Clock>()),
      m_averaging(static_cast<std::size_t>(std::max(m_model.ports, 0)), m_model.maxAveragingTime) {}

boost::asio::awaitable<void> KeysightN77xxPowerMeter::afterConnect() {
    // Watts everywhere, so every reading and every logged sample means the same thing.
    for (int port = 1; port <= m_model.ports; ++port) {
        co_await session().write(sense(port) + ":POW:UNIT 1");
    }
}

boost::asio::awaitable<void> KeysightN77xxPowerMeter::setWavelength(int port, double metres) {
    checkChannel("setWavelength", port, m_model.ports);
    if (!(metres >= m_model.minWavelength && metres <= m_model.maxWavelength)) {
        reject("setWavelength", "wavelength " + formatNanometres(metres) + " nm is outside the " + m_model.model +
                                    "'s " + formatNanometres(m_model.minWavelength) + "–" +
                                    formatNanometres(m_model.maxWavelength) + " nm");
    }
    co_await session().write(sense(port) + ":CHAN1:POW:WAV " + formatNanometres(metres) + "NM");
}

boost::asio::awaitable<double> KeysightN77xxPowerMeter::wavelength(int port) {
    checkChannel("wavelength", port, m_model.ports);
    co_return co_await session().queryDouble(sense(port) + ":POW:WAV?");
}

boost::asio::awaitable<void> KeysightN77xxPowerMeter::setAveragingTime(int port, std::chrono::microseconds time) {
    checkChannel("setAveragingTime", port, m_model.ports);
    if (time < m_model.minAveragingTime || time > m_model.maxAveragingTime) {
        reject("setAveragingTime", "averaging time " + formatSeconds(time) + " s is outside the " + m_model.model +
                                       "'s " + formatSeconds(m_model.minAveragingTime) + "–" +
                                       formatSeconds(m_model.maxAveragingTime) + " s");
    }
    co_await session().write(sense(port) + ":POW:ATIM " + formatScpiDuration(time));
    m_averaging[static_cast<std::size_t>(port - 1)] = time;
}

boost::asio::awaitable<void> KeysightN77xxPowerMeter::setAutoRange(int port, bool on) {
    checkChannel("setAutoRange", port, m_model.ports);
    co_await session().write(sense(port) + ":POW:RANG:AUTO " + (on ? "1" : "0"));
}

boost::asio::awaitable<double> KeysightN77xxPowerMeter::measurePower(int port) {
    checkChannel("measurePower", port, m_model.ports);
    const std::string command = ":READ" + std::to_string(port) + ":CHAN1:POW?";
    // READ triggers a measurement that lasts one averaging time before the reply starts.
    const auto timeout = session().options().timeouts.reply +
                         std::chrono::ceil<std::chrono::milliseconds>(m_averaging[static_cast<std::size_t>(port - 1)]);
    const std::string reply = co_await session().query(command, timeout);
    const auto value = parseScpiDouble(reply);
    if (!value) {
        fail(InstrumentErrorKind::Protocol, command, "'" + reply + "' is not a number");
    }
    co_return validReading(*value);
}

boost::asio::awaitable<std::vector<double>> KeysightN77xxPowerMeter::logPower(int port, int count,
                                                                              std::chrono::microseconds interval) {
    checkChannel("logPower", port, m_model.ports);
    if (count < 1 || count > m_model.maxLoggingPoints) {
        reject("logPower", std::to_string(count) + " samples: the " + m_model.model + " logs 1–" +
                               std::to_string(m_model.maxLoggingPoints));
    }
    if (interval < m_model.minAveragingTime || interval > m_model.maxAveragingTime) {
        reject("logPower", "interval " + formatSeconds(interval) + " s is outside the " + m_model.model + "'s " +
                               formatSeconds(m_model.minAveragingTime) + "–" + formatSeconds(m_model.maxAveragingTime) +
                               " s averaging times");
    }
    const std::string sens = sense(port);
    co_await session().write(sens + ":FUNC:PAR:LOGG " + std::to_string(count) + "," + formatSeconds(interval) + "s");
    co_await session().write(sens + ":FUNC:STAT LOGG,STAR");

    const std::string command = sens + ":FUNC:RES?";
    std::string bytes;
    std::exception_ptr failure;
    try {
        co_await waitForLogging(port, interval * count);
        bytes = co_await session().queryBlock(command);
    } catch (...) {
        failure = std::current_exception();
    }
    if (failure) {
        // Leave the meter usable (logging mode blocks READ); the original error is the one to report.
        try {
            co_await session().write(sens + ":FUNC:STAT LOGG,STOP");
        } catch (const std::exception&) {
        }
        std::rethrow_exception(failure);
    }
    co_await session().write(sens + ":FUNC:STAT LOGG,STOP");
    if (bytes.size() != static_cast<std::size_t>(count) * 4) {
        fail(InstrumentErrorKind::Protocol, command,
             "expected " + std::to_string(count) + " float32 samples, got " + std::to_string(bytes.size()) + " bytes");
    }
    std::vector<double> samples;
    samples.reserve(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < bytes.size(); i += 4) {
        std::uint32_t bits = 0;
        for (std::size_t b = 0; b < 4; ++b) { // Intel byte order whatever the host's
            bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + b])) << (8 * b);
        }
        samples.push_back(validReading(static_cast<double>(std::bit_cast<float>(bits))));
    }
    co_return samples;
}

boost::asio::awaitable<void> KeysightN77xxPowerMeter::waitForLogging(int port, std::chrono::nanoseconds expected) {
    const std::string command = sense(port) + ":FUNC:STAT?";
    // The meter needs count × interval of (possibly simulated) time; after that it may be late by up to one
    // reply timeout before we give up. Polls are spaced on a timer, never a busy loop.
    const auto expectedReal = m_clock->toReal(expected);
    const auto deadline = std::chrono::steady_clock::now() + expectedReal + session().options().timeouts.reply;
    const auto pollPeriod = std::clamp<std::chrono::steady_clock::duration>(expectedReal / 10, 2ms, 100ms);
    boost::asio::steady_timer timer(session().executor());
    timer.expires_after(expectedReal);
    co_await timer.async_wait(boost::asio::use_awaitable);
    while (true) {
        const std::string state = co_await session().query(command);
        if (contains(state, "NONE")) {
            fail(InstrumentErrorKind::Protocol, command, "the logging function is not running ('" + state + "')");
        }
        if (contains(state, "COMPLETE")) {
            co_return;
        }
        if (!contains(state, "PROGRESS")) {
            fail(InstrumentErrorKind::Protocol, command, "unexpected function state '" + state + "'");
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            fail(InstrumentErrorKind::Timeout, command,
                 "logging did not complete within " +
                     formatDecimal(std::chrono::duration<double>(expected).count(), 6) +
                     " s (simulated) plus the reply timeout");
        }
        timer.expires_after(std::min<std::chrono::steady_clock::duration>(pollPeriod, deadline - now));
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
}

void KeysightN77xxPowerMeter::fail(InstrumentErrorKind kind, const std::string& command, const std::string& detail) {
    throw InstrumentError(kind, name() + " (" + session().resource() + ")", command, detail);
}

std::unique_ptr<Instrument> makeKeysightPowerMeter(std::string_view model, std::unique_ptr<ScpiSession> session) {
    const auto* data = KeysightN77xxPowerMeter::findModel(model);
    if (data == nullptr) {
        throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                              "the Keysight power-meter driver does not know model '" + std::string(model) + "'");
    }
    return std::make_unique<KeysightN77xxPowerMeter>(std::move(session), *data);
}

std::vector<std::string> keysightPowerMeterModels() {
    return KeysightN77xxPowerMeter::models();
}

} // namespace optiqual::instruments
