#pragma once
#include "instruments/DataAcquisition.h"

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief A 3497xA / DAQ970A mainframe, as data.
struct KeysightDaqModel {
    std::string_view key;
    int slots;
};

/// @brief What a slot holds, from `SYST:CTYP?` at connect.
struct KeysightDaqModule {
    std::string name;             ///< e.g. "34901A", "DAQM901A"; "0" for an empty slot
    int analogChannels = 0;       ///< voltage / thermocouple channels s01…
    bool currentChannels = false; ///< s21 and s22 measure current (34901A / DAQM901A)
    bool digitalPorts = false;    ///< s01 and s02 are 8-bit digital ports (34907A / DAQM907A)
};

/// @brief Keysight DAQ970A and Agilent 34970A / 34972A (reference §3h): `MEAS:TEMP? TC,K,(@101:103)`,
/// `MEAS:VOLT:DC? (@111)`, `MEAS:CURR:DC? (@121)`, `SOUR:DIG:DATA:BYTE 5,(@301)` and
/// `SOUR:DIG:DATA:BYTE? (@301)`, `SOUR:VOLT 2.5,(@304)` and `SOUR:VOLT? (@304)` (34907A / DAQM907A multifunction
/// module: digital ports s01/s02, DACs s04/s05).
///
/// Connect reads each slot's module with `SYST:CTYP? 100|200|300`, so every channel is checked host-side
/// (Configuration error, nothing sent) against what is really installed. Channel lists are sent sorted with
/// consecutive runs as ranges (`(@101:103,105)`); the instrument scans in ascending order, so the driver maps
/// the readings back to the order the caller asked for (duplicates allowed). Readings in °C: MEASure? selects
/// °C on the 3497x family.
class KeysightDaq970DataAcquisition : public DataAcquisition {
public:
    KeysightDaq970DataAcquisition(std::unique_ptr<ScpiSession> session, const KeysightDaqModel& model);

    boost::asio::awaitable<std::vector<double>> measureTemperature(const std::vector<int>& channels,
                                                                   const std::string& type) override;
    boost::asio::awaitable<std::vector<double>> measureDcVoltage(const std::vector<int>& channels) override;
    boost::asio::awaitable<std::vector<double>> measureDcCurrent(const std::vector<int>& channels) override;
    boost::asio::awaitable<void> setDigitalOutput(int port, unsigned value) override;
    boost::asio::awaitable<unsigned> digitalOutput(int port) override;
    boost::asio::awaitable<void> setAnalogOutput(int channel, double volts) override;
    boost::asio::awaitable<double> analogOutput(int channel) override;

    /// @brief The modules found at connect, slot 1 first.
    const std::vector<KeysightDaqModule>& modules() const { return m_modules; }
    /// @brief `(@101:103,105)` for @p channels (sorted, duplicates removed).
    static std::string channelList(std::vector<int> channels);
    /// @brief What a `SYST:CTYP?` reply says a slot holds.
    static KeysightDaqModule parseModule(std::string_view reply);

protected:
    boost::asio::awaitable<void> afterConnect() override;

private:
    enum class Use { Analog, Current, Digital, Dac };
    /// Checks every channel for @p use against the installed modules; returns them sorted and unique.
    std::vector<int> checked(std::string_view command, const std::vector<int>& channels, Use use) const;
    boost::asio::awaitable<std::vector<double>> measure(std::string command, std::vector<int> requested,
                                                        std::vector<int> sorted);

    KeysightDaqModel m_model;
    std::vector<KeysightDaqModule> m_modules;
};

/// @brief The model keys makeKeysightDaq970() accepts ("DAQ970A", "34970A", "34972A").
std::vector<std::string_view> keysightDaq970Models();
/// @brief Makes the driver for @p model; throws InstrumentError(Configuration) for an unknown key.
std::unique_ptr<Instrument> makeKeysightDaq970(std::string_view model, std::unique_ptr<ScpiSession> session);

} // namespace optiqual::instruments
