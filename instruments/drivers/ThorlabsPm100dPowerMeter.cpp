#include "instruments/drivers/ThorlabsPm100dPowerMeter.h"

#include "instruments/ScpiNumber.h"
#include "instruments/drivers/OpticalFormat.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optiqual::instruments {

using namespace optical;

ThorlabsPm100dPowerMeter::ThorlabsPm100dPowerMeter(std::unique_ptr<ScpiSession> session)
    : OpticalPowerMeter("PM100D", std::move(session)) {}

boost::asio::awaitable<void> ThorlabsPm100dPowerMeter::afterConnect() {
    co_await session().write("SENS:POW:DC:UNIT W");
    // A measurement lasts count × 3 ms; knowing the count keeps MEAS:POW?'s deadline tight.
    const long long count = co_await session().queryInteger("SENS:AVER:COUN?");
    m_averaging = kSampleTime * std::clamp<long long>(count, 1, kMaxAverageCount);
}

boost::asio::awaitable<void> ThorlabsPm100dPowerMeter::setWavelength(int port, double metres) {
    checkChannel("setWavelength", port, 1);
    if (!(metres > 0.0 && std::isfinite(metres))) {
        reject("setWavelength", "wavelength must be a positive number of metres");
    }
    co_await session().write("SENS:CORR:WAV " + formatNanometres(metres));
}

boost::asio::awaitable<double> ThorlabsPm100dPowerMeter::wavelength(int port) {
    checkChannel("wavelength", port, 1);
    co_return co_await session().queryDouble("SENS:CORR:WAV?") * 1e-9;
}

boost::asio::awaitable<void> ThorlabsPm100dPowerMeter::setAveragingTime(int port, std::chrono::microseconds time) {
    checkChannel("setAveragingTime", port, 1);
    const long long count =
        std::max(1LL, static_cast<long long>(
                          std::llround(static_cast<double>(time.count()) / static_cast<double>(kSampleTime.count()))));
    if (time.count() < 0 || count > kMaxAverageCount) {
        reject("setAveragingTime", "averaging time " + formatSeconds(time) + " s is outside 0–" +
                                       formatSeconds(kSampleTime * kMaxAverageCount) + " s");
    }
    co_await session().write("SENS:AVER:COUN " + std::to_string(count));
    m_averaging = kSampleTime * count;
}

boost::asio::awaitable<void> ThorlabsPm100dPowerMeter::setAutoRange(int port, bool on) {
    checkChannel("setAutoRange", port, 1);
    co_await session().write(std::string("SENS:POW:DC:RANG:AUTO ") + (on ? "ON" : "OFF"));
}

boost::asio::awaitable<double> ThorlabsPm100dPowerMeter::measurePower(int port) {
    checkChannel("measurePower", port, 1);
    const std::string command = "MEAS:POW?";
    const auto timeout = session().options().timeouts.reply + std::chrono::ceil<std::chrono::milliseconds>(m_averaging);
    const std::string reply = co_await session().query(command, timeout);
    const auto value = parseScpiDouble(reply); // 9.9E37 (no data / overflow) reads as NaN
    if (!value) {
        throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")", command,
                              "'" + reply + "' is not a number");
    }
    co_return *value;
}

std::unique_ptr<Instrument> makeThorlabsPm100d(std::string_view model, std::unique_ptr<ScpiSession> session) {
    if (!equalsNoCase(model, "PM100D")) {
        throw InstrumentError(InstrumentErrorKind::Configuration, session ? session->name() : std::string(), "",
                              "the Thorlabs PM100D driver does not know model '" + std::string(model) + "'");
    }
    return std::make_unique<ThorlabsPm100dPowerMeter>(std::move(session));
}

std::vector<std::string> thorlabsPm100dModels() {
    return {"PM100D"};
}

} // namespace optiqual::instruments
