#pragma once
#include "core/Clock.h"
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/DaqSignalSource.h"

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief A plug-in module of a simulated 3497xA / DAQ970A.
enum class DaqModuleKind {
    Empty,
    Multiplexer,   ///< 34901A / DAQM901A: channels 01–20 (volts, thermocouples), 21–22 (current)
    Multifunction, ///< 34907A / DAQM907A: 8-bit digital ports 01 and 02, ±12 V DACs 04 and 05
};

/// @brief What a simulated DAQ is: the model ("DAQ970A", "34970A" or "34972A") and its three slots.
struct KeysightDaqSimulatorConfig {
    std::string model = "DAQ970A";
    std::array<DaqModuleKind, 3> slots{DaqModuleKind::Multiplexer, DaqModuleKind::Multiplexer,
                                       DaqModuleKind::Multifunction};
};

/// @brief Keysight DAQ970A and Agilent 34970A/34972A data acquisition units (reference §3h; 34970A user guide):
/// `MEASure:TEMPerature? TC,<type>[,1[,<res>]],(@list)`, `MEASure:VOLTage[:DC]? [<range>[,<res>],](@list)`,
/// `MEASure:CURRent[:DC]? …`, the same `CONFigure` forms, `ROUTe:SCAN (@list)` / `ROUTe:SCAN?` (a definite
/// block such as `#214(@101,102,103)`), `READ?`, `INITiate` + `FETCh?`, `ABORt`, `UNIT:TEMPerature C|F|K[,(@list)]`,
/// `TRIGger:COUNt`, `SOURce:DIGital:DATA[:BYTE] <v>,(@301)` and its query, `SENSe:DIGital:DATA[:BYTE]? (@301)`,
/// `SOURce:VOLTage <v>,(@304)` and its query (the multifunction module's DACs, ±12 V), `SYSTem:CTYPe? 100|200|300`.
/// On a simulated station the outputs drive what the world wires to them (valves, flow controllers).
///
/// As on the real unit MEASure?/CONFigure redefine the scan list, select °C, and readings come back in
/// ascending channel order whatever the order of the list. Readings come from a DaqSignalSource. A channel
/// that does not exist for the function (no such slot, module or channel; current on 01–20) gives -222 with
/// the state unchanged; a scan of unconfigured channels -221. Keysight error style (`+0,"No error"`, detail).
class KeysightDaqSimulator : public ScpiDevice {
public:
    explicit KeysightDaqSimulator(const SimContext& context, KeysightDaqSimulatorConfig config = {},
                                  std::shared_ptr<DaqSignalSource> signals = nullptr);

    /// @brief The value last written to digital port @p channel (e.g. 301).
    unsigned digitalOutput(int channel) const;
    /// @brief The voltage last written to DAC @p channel (e.g. 304).
    double analogOutput(int channel) const;
    const std::vector<int>& scanList() const { return m_scanList; }
    DaqSignalSource& signals() { return *m_signals; }
    const KeysightDaqSimulatorConfig& config() const { return m_config; }

protected:
    void reset() override;

private:
    enum class Function { None, Temperature, Voltage, Current, Digital, Dac };
    struct ChannelSetup {
        Function function = Function::None;
        char unit = 'C';
    };

    void registerMeasurements();
    void registerScanning();
    void registerDigital();
    /// Channels of @p c's last parameter, sorted and unique, each checked for @p function.
    std::vector<int> channels(ScpiContext& c, Function function) const;
    void checkOptions(ScpiContext& c, Function function) const;
    void configure(const std::vector<int>& list, Function function);
    std::string readScanList();
    double reading(int channel);
    std::string moduleName(DaqModuleKind kind) const;

    KeysightDaqSimulatorConfig m_config;
    std::shared_ptr<const core::Clock> m_clock;
    std::shared_ptr<DaqSignalSource> m_signals;
    std::map<int, ChannelSetup> m_setup;
    std::map<int, unsigned> m_digital;
    std::map<int, double> m_dac;
    std::shared_ptr<World> m_world;
    std::string m_name;
    std::vector<int> m_scanList;
    std::string m_memory; ///< readings taken by INITiate, for FETCh?
    int m_triggerCount = 1;
};

/// @brief The `*IDN?` of a simulated DAQ @p model with @p serial.
std::string keysightDaqIdn(const std::string& model, const std::string& serial);

} // namespace optiqual::instruments::sim
