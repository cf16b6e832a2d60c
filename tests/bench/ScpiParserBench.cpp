// Throughput of the SCPI parser and dispatcher through ScpiDevice::handleMessage, in messages per second.
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/scpi/ScpiFormat.h"

#include <array>
#include <benchmark/benchmark.h>
#include <string>
#include <vector>

namespace {

using optiqual::instruments::sim::formatNr3;
using optiqual::instruments::sim::NumberSpec;
using optiqual::instruments::sim::ScpiContext;
using optiqual::instruments::sim::ScpiDevice;

/// A supply-like device with a handful of commands, enough to give the tree some breadth.
class BenchDevice : public ScpiDevice {
public:
    BenchDevice() : ScpiDevice("OPTIQUAL,BENCH,0,1.0") {
        addCommand("MEASure[:SCALar]:VOLTage[:DC]?", 0, 1, [this](ScpiContext& c) {
            const std::vector<int> channels = c.paramCount() > 0 ? c.channelList(0) : std::vector<int>{1};
            std::string out;
            for (int channel : channels) {
                if (!out.empty()) {
                    out += ',';
                }
                out += formatNr3(m_voltage[static_cast<std::size_t>(channel - 1) % 3]);
            }
            c.reply(std::move(out));
        });
        addCommand("MEASure[:SCALar]:CURRent[:DC]?", 0, 1, [](ScpiContext& c) { c.reply(formatNr3(0.1)); });
        addCommand("[SOURce#]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", 1, 2, [this](ScpiContext& c) {
            m_voltage[0] = c.number(0, NumberSpec{"V", 0.0, 6.18, 0.0});
        });
        addCommand("[SOURce#]:CURRent[:LEVel][:IMMediate][:AMPLitude]", 1, 2, [](ScpiContext& c) {
            benchmark::DoNotOptimize(c.number(0, NumberSpec{"A", 0.0, 5.0, 0.0}));
        });
        addCommand("OUTPut#[:STATe]", 1, 1, [](ScpiContext& c) { benchmark::DoNotOptimize(c.boolean(0)); });
        addCommand("OUTPut#[:STATe]?", 0, 0, [](ScpiContext& c) { c.reply("1"); });
        addCommand("SENSe#:POWer:WAVelength", 1, 1, [](ScpiContext& c) {
            benchmark::DoNotOptimize(c.number(0, NumberSpec{"M", 1.2e-6, 1.7e-6, 1.55e-6}));
        });
    }

private:
    std::array<double, 3> m_voltage{1.0, 2.0, 3.0};
};

void runMessage(benchmark::State& state, const char* message) {
    BenchDevice device;
    for (auto _ : state) {
        benchmark::DoNotOptimize(device.handleMessage(message));
    }
    state.SetItemsProcessed(state.iterations()); // items/s = messages/s
    if (device.errorCount() != 0) {
        state.SkipWithError("the message produced SCPI errors");
    }
}

void measureVoltage(benchmark::State& state) {
    runMessage(state, "MEAS:VOLT? (@1)");
}
void compoundMessage(benchmark::State& state) {
    runMessage(state, "VOLT 1.5;CURR 100MA;:OUTP ON;:MEAS:VOLT? (@1:3);CURR?;:SENS:POW:WAV 1550NM;*OPC?");
}
void commonQuery(benchmark::State& state) {
    runMessage(state, "*IDN?");
}

} // namespace

BENCHMARK(measureVoltage);
BENCHMARK(compoundMessage);
BENCHMARK(commonQuery);
