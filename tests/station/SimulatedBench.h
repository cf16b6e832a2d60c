#pragma once
// What the world tests share: a shipped station file opened through the real drivers over loopback, on an
// io_context of the test's own, and simulated time let pass on the station's clock.
#include "core/Clock.h"
#include "core/RunSync.h"
#include "station/StationConfig.h"
#include "station/StationInstruments.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>

namespace optiqual::test {

/// Simulated seconds per real second. Instrumented code runs 3–5× slower, and a world that cannot compute its 0.5 s
/// steps as fast as its clock runs answers late (a DAQ reply past its timeout, a reading taken seconds after the
/// moment meant): sanitizer builds run the world five times slower.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr double kWorldTimeScale = 1000.0;
#else
inline constexpr double kWorldTimeScale = 5000.0;
#endif

/// @brief The text of shipped station file `station/configs/<file>`.
inline std::string shippedStationText(const std::string& file) {
    std::ifstream in(std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "station/configs" / file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

/// @brief The text of shipped station file `station/configs/<file>` with its `time_scale:` set to @p scale.
inline std::string shippedStationAt(const std::string& file, double scale) {
    return std::regex_replace(shippedStationText(file), std::regex("time_scale: *[0-9.]+"),
                              "time_scale: " + std::to_string(scale));
}

/// @brief Station text @p text with its `simulation:` section replaced by units planted as @p planted (the inside
/// of a YAML flow map: `SERIAL: [defect, …], …`).
inline std::string withPlantedDefects(std::string text, const std::string& planted) {
    const auto at = text.find("\nsimulation:");
    if (at == std::string::npos)
        throw std::logic_error("the station file has no simulation: section");
    text.erase(at + 1, text.find("\n\n", at + 1) - at);
    return text + "\nsimulation:\n  planted_defects: {" + planted + "}\n";
}

/// @brief A simulated bench: open() connects every instrument of a station file (run at kWorldTimeScale).
class SimulatedBench : public ::testing::Test {
protected:
    /// @brief Opens station text @p text (@p name is the file name its errors give) and connects everything.
    void open(const std::string& text, const std::string& name) {
        config = station::parseStationConfig(text, name);
        config.timeScale = kWorldTimeScale;
        station = std::make_unique<station::StationInstruments>(config, io.get_executor());
        for (const auto& s : core::runSync(io, station->connectAll()))
            ASSERT_TRUE(s.connected) << s.name << ": " << s.error;
    }

    /// @brief Instrument @p name as driver interface @p T.
    template <typename T> T& get(const std::string& name) {
        auto* i = dynamic_cast<T*>(station->find(name));
        if (!i)
            throw std::logic_error("no instrument " + name + " of that kind");
        return *i;
    }

    /// @brief Lets @p seconds of simulation time pass (the world only moves with the station's clock).
    boost::asio::awaitable<void> simulated(double seconds) {
        boost::asio::steady_timer timer(io, clock.toReal(std::chrono::duration_cast<core::Clock::duration>(
                                                std::chrono::duration<double>(seconds))));
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
    void run(double seconds) { core::runSync(io, simulated(seconds)); }

    boost::asio::io_context io;
    core::Clock clock{kWorldTimeScale};
    station::StationConfig config;
    std::unique_ptr<station::StationInstruments> station;
};

} // namespace optiqual::test
