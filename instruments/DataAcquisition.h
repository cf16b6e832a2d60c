#pragma once
#include "instruments/Instrument.h"

#include <string>
#include <vector>

namespace optiqual::instruments {

/// @brief A data-acquisition unit: thermocouple and DC voltage/current inputs, digital outputs for valves, analog
/// outputs for set points (a flow controller's command).
/// Channels use the instrument's own numbering (DAQ970A: slot×100 + channel, e.g. 101).
/// Transducers (pressure, flow) are read as DC voltage or current and scaled: value = gain × reading + offset.
/// safeState(): every digital output port written 0 (valves closed), every listed analog output 0 V.
class DataAcquisition : public Instrument {
public:
    using Instrument::Instrument;
    InstrumentClass instrumentClass() const override { return InstrumentClass::DataAcquisition; }

    /// @brief Thermocouple temperatures in °C (@p type "K", "J", "T"…).
    virtual boost::asio::awaitable<std::vector<double>> measureTemperature(const std::vector<int>& channels,
                                                                           const std::string& type) = 0;
    virtual boost::asio::awaitable<std::vector<double>> measureDcVoltage(const std::vector<int>& channels) = 0;
    virtual boost::asio::awaitable<std::vector<double>> measureDcCurrent(const std::vector<int>& channels) = 0;
    /// @brief Writes an 8-bit digital output port (e.g. 301 on a 34907A module).
    virtual boost::asio::awaitable<void> setDigitalOutput(int port, unsigned value) = 0;
    virtual boost::asio::awaitable<unsigned> digitalOutput(int port) = 0;
    /// @brief Drives analog output @p channel (e.g. 304, a 34907A DAC) to @p volts.
    virtual boost::asio::awaitable<void> setAnalogOutput(int channel, double volts) = 0;
    virtual boost::asio::awaitable<double> analogOutput(int channel) = 0;
    /// @brief Analog outputs that safeState() drives to 0 V.
    void setAnalogOutputs(std::vector<int> channels) { m_analogOutputs = std::move(channels); }
    /// @brief Digital output ports that safeState() clears.
    void setDigitalPorts(std::vector<int> ports) { m_digitalPorts = std::move(ports); }

    boost::asio::awaitable<void> safeState() override;

private:
    std::vector<int> m_digitalPorts;
    std::vector<int> m_analogOutputs;
};

} // namespace optiqual::instruments
