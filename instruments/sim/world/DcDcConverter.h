#pragma once

namespace optiqual::instruments::sim {

/// @brief The losses and input stage of a module's isolated DC/DC converter (48 V bus → internal rails). Tags as
/// in CmisModuleParams: every default is an [A] assumption, chosen so that a 300–400 W load converts at 95–97 %,
/// the range datasheets of 48 V bus converters quote.
struct DcDcConverterParams {
    double fixedLossWatts = 1.0;          ///< controller, gate drive, core loss: independent of load [A]
    double switchingLossFraction = 0.015; ///< losses proportional to the power switched: 1.5 % of P_in [A]
    double conductionOhms = 0.15;         ///< I²R of the input current (FETs, windings, shunt) [A]
    /// @brief Bulk capacitance behind the hot-swap switch, charged at every power-on: 1 mF is a few
    /// hundred µF per 100 W, typical of 48 V module inputs. [A]
    double inputCapacitanceFarads = 1.0e-3;
    /// @brief Hot-swap soft start: the time the input voltage takes to ramp up, which sets the inrush
    /// C·V/t (4.8 A at 48 V). [A]
    double softStartSeconds = 0.010;
};

/// @brief Input power of a DC/DC converter from its output power and input voltage, and its inrush current.
///
/// Losses = fixed + switching·P_in + R·(P_in/V)², so P_in solves R/V²·P_in² − (1 − k)·P_in + (P_out + fixed) = 0
/// (the smaller root). Efficiency therefore rises with load from the fixed loss and falls again with conduction
/// loss, and at one load it rises with input voltage: the input current P_in/V falls as the voltage rises, the
/// signature of a constant-power load. Stateless: the module that owns it decides when it runs.
class DcDcConverter {
public:
    explicit DcDcConverter(DcDcConverterParams params = {}) : m_params(params) {}

    const DcDcConverterParams& params() const { return m_params; }

    /// @brief Input power (W) for @p outputWatts at @p inputVolts; 0 when the output is 0 (converter off) or the
    /// voltage is not positive. Past the converter's limit (no real root: the input current would collapse the
    /// bus) it returns the most power it can draw at that voltage, P_in = (1 − k)·V²/(2R).
    double inputWatts(double outputWatts, double inputVolts) const;
    /// @brief P_out / P_in, 0 when off.
    double efficiency(double outputWatts, double inputVolts) const;
    /// @brief Current charging the input capacitance while the soft start ramps the input to @p inputVolts over
    /// softStartSeconds / @p rampSpeedup (a failed soft start ramps faster): C·V·speedup/t.
    double capacitiveInrushAmps(double inputVolts, double rampSpeedup = 1.0) const;

private:
    DcDcConverterParams m_params;
};

} // namespace optiqual::instruments::sim
