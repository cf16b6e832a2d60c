#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/OpticalSource.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief What distinguishes one Keysight N773xA optical switch from another in the simulator.
struct KeysightSwitchSimModel {
    std::string model; ///< `*IDN?` model field and factory key, e.g. "N7734A"
    int switches = 1;  ///< switch modules, addressed as `:ROUTe<n>`
    int inputs = 1;    ///< left ports A, B, … of each switch
    int outputs = 4;   ///< right ports 1 … outputs of each switch
    double insertionLossDb = 1.0;
    std::string firmware = "1.0";
};

/// @brief Simulated Keysight N773xA optical switch (the 8163 / N77xx `:ROUTe` tree): `:ROUT<n>[:CHAN1] A,<k>`,
/// `:ROUT<n>[:CHAN1]?` → `A,1`, `:ROUT<n>:CONF?` → `A,A;1,4`, `:ROUT<n>:CONF:ROUT?` → `A,1.A,2.A,3.A,4`.
///
/// An N×1 switch of this family connects one left port to one right port at a time. A route to a port the
/// switch does not have gives -222 Data out of range (the guide's "StatParamError") and leaves the route as it
/// was. *RST routes every switch A→1 (assumed).
///
/// It is an OpticalSource: port (n−1)·outputs + k is output k of switch n, lit from the routed input of the
/// input source (port (n−1)·inputs + input index) less the insertion loss; unrouted outputs are dark.
class KeysightSwitchSimulator : public ScpiDevice, public OpticalSource {
public:
    KeysightSwitchSimulator(KeysightSwitchSimModel model, const SimContext& context);

    /// @brief The built-in model table ("N7731A", "N7734A"); nullptr for an unknown key.
    static const KeysightSwitchSimModel* findModel(std::string_view model);
    static std::vector<std::string> models();

    const KeysightSwitchSimModel& model() const { return m_model; }
    void setSource(std::shared_ptr<OpticalSource> source) { m_source = std::move(source); }
    const std::shared_ptr<OpticalSource>& source() const { return m_source; }

    /// @brief Routed input of switch @p n (0 = A).
    int routedInput(int n) const { return m_routes.at(static_cast<std::size_t>(n - 1)).input; }
    /// @brief Routed output of switch @p n (from 1).
    int routedOutput(int n) const { return m_routes.at(static_cast<std::size_t>(n - 1)).output; }

    double power(int port, double wavelengthMetres, double seconds) override;
    /// @brief Fraction of the light switch @p switchNumber passes from left port @p input (0 = A) to right port
    /// @p output (either way): its insertion loss when routed so, else 0.
    double transmission(int switchNumber, int input, int output) const;

protected:
    void reset() override;

private:
    struct Route {
        int input = 0;
        int output = 1;
    };

    Route& routeOf(const ScpiContext& c);
    std::string formatRoute(const Route& route) const;

    KeysightSwitchSimModel m_model;
    std::shared_ptr<OpticalSource> m_source;
    std::vector<Route> m_routes;
};

} // namespace optiqual::instruments::sim
