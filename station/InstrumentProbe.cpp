#include "station/InstrumentProbe.h"

#include "core/Units.h"
#include "instruments/Chiller.h"
#include "instruments/DataAcquisition.h"
#include "instruments/EngineBoard.h"
#include "instruments/ModuleFixture.h"
#include "instruments/OpticalPowerMeter.h"
#include "instruments/OpticalSwitch.h"
#include "instruments/PowerSupply.h"
#include "instruments/ThermalChamber.h"
#include "instruments/VariableOpticalAttenuator.h"

#include <fmt/format.h>

namespace optiqual::station {

using namespace optiqual::instruments;

boost::asio::awaitable<std::string> describeInstrumentState(Instrument& instrument) {
    std::string out;
    auto add = [&out](const std::string& part) { out += (out.empty() ? "" : " | ") + part; };
    switch (instrument.instrumentClass()) {
    case InstrumentClass::PowerSupply: {
        auto& psu = static_cast<PowerSupply&>(instrument);
        for (int ch = 1; ch <= psu.channelCount(); ++ch) {
            const double v = co_await psu.measureVoltage(ch);
            const double a = co_await psu.measureCurrent(ch);
            const bool on = co_await psu.output(ch);
            add(fmt::format("CH{} {:.3f} V {:.3f} A {}", ch, v, a, on ? "on" : "off"));
        }
        break;
    }
    case InstrumentClass::ThermalChamber: {
        auto& chamber = static_cast<ThermalChamber&>(instrument);
        const double t = co_await chamber.temperature();
        const double sp = co_await chamber.setpoint();
        add(fmt::format("air {:.1f} °C, set point {:.1f} °C", t, sp));
        break;
    }
    case InstrumentClass::Chiller: {
        auto& chiller = static_cast<Chiller&>(instrument);
        const double t = co_await chiller.bathTemperature();
        const double sp = co_await chiller.setpoint();
        const bool running = co_await chiller.running();
        add(fmt::format("bath {:.1f} °C, set point {:.1f} °C, {}", t, sp, running ? "running" : "stopped"));
        break;
    }
    case InstrumentClass::OpticalPowerMeter: {
        auto& opm = static_cast<OpticalPowerMeter&>(instrument);
        for (int port = 1; port <= opm.portCount(); ++port) {
            const double w = co_await opm.measurePower(port);
            add(fmt::format("P{} {:.2f} dBm", port, core::wattsToDbm(w)));
        }
        break;
    }
    case InstrumentClass::VariableOpticalAttenuator: {
        auto& voa = static_cast<VariableOpticalAttenuator&>(instrument);
        for (int ch = 1; ch <= voa.channelCount(); ++ch) {
            const double att = co_await voa.attenuation(ch);
            const bool open = co_await voa.outputEnabled(ch);
            add(fmt::format("CH{} {:.2f} dB {}", ch, att, open ? "open" : "shut"));
        }
        break;
    }
    case InstrumentClass::OpticalSwitch: {
        auto& sw = static_cast<OpticalSwitch&>(instrument);
        for (int s = 1; s <= sw.switchCount(); ++s) {
            const auto route = co_await sw.route(s);
            add(fmt::format("SW{} {}→{}", s, route.input, route.output));
        }
        break;
    }
    case InstrumentClass::DataAcquisition: {
        auto& daq = static_cast<DataAcquisition&>(instrument);
        // Named locals: GCC 12 rejects a string literal or braced list as a temporary in a co_await expression.
        const std::vector<int> channels{101};
        const std::string type = "K";
        const auto t = co_await daq.measureTemperature(channels, type);
        add(fmt::format("TC101 {:.2f} °C", t.empty() ? 0.0 : t.front()));
        break;
    }
    case InstrumentClass::ModuleFixture: {
        auto& fixture = static_cast<ModuleFixture&>(instrument);
        const bool present = co_await fixture.modulePresent();
        const auto state = co_await fixture.moduleState();
        add(fmt::format("module {}, {}", present ? "present" : "absent", toString(state)));
        break;
    }
    case InstrumentClass::EngineBoard: {
        auto& board = static_cast<EngineBoard&>(instrument);
        const bool present = co_await board.enginePresent();
        const auto state = co_await board.engineState();
        const bool interlock = co_await board.interlockClosed();
        add(fmt::format("engine {}, {}; interlock {}", present ? "present" : "absent", state,
                        interlock ? "closed" : "open"));
        break;
    }
    }
    co_return out;
}

} // namespace optiqual::station
