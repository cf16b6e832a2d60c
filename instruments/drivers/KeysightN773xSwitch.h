#pragma once
#include "instruments/OpticalSwitch.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief One Keysight N773xA optical switch model as data.
struct KeysightSwitchModel {
    std::string model; ///< model key; `*IDN?` must name it
    int switches = 1;  ///< switch modules, `:ROUT<n>`
    int inputs = 1;    ///< left ports A, B, …
    int outputs = 4;   ///< right ports 1 … outputs
};

/// @brief Driver for Keysight N773xA optical switches (the 8163 / N77xx `:ROUTe` tree, reference §3g):
/// `:ROUT<n>:CHAN1 A,<k>`, `:ROUT<n>:CHAN1?` → `A,1`. connect() checks each switch's `:ROUT<n>:CONF?` against
/// the model data, so a station configured with the wrong model fails at connect, not at the first route.
///
/// Model configurations are assumptions (the guide names N7731A/N7734A/N7736A/N7738A without port counts):
/// N7734A one 1×4 switch, N7731A two 1×4 switches, N7736A eight 1×8, N7738A eight 1×32. Copy one and change it
/// for another fitting.
class KeysightN773xSwitch : public OpticalSwitch {
public:
    KeysightN773xSwitch(std::unique_ptr<ScpiSession> session, KeysightSwitchModel model);

    static const KeysightSwitchModel* findModel(std::string_view model);
    static std::vector<std::string> models();
    /// @brief Parses one connection, `A,3`; std::nullopt when it is not in that form.
    static std::optional<SwitchRoute> parseConnection(std::string_view text);

    const KeysightSwitchModel& modelData() const { return m_model; }

    int switchCount() const override { return m_model.switches; }
    int outputCount() const override { return m_model.outputs; }
    boost::asio::awaitable<void> setRoute(int switchChannel, SwitchRoute route) override;
    boost::asio::awaitable<SwitchRoute> route(int switchChannel) override;
    /// @brief The switch states `:ROUT<n>:CONF:ROUT?` allows, each a list of simultaneous connections.
    boost::asio::awaitable<std::vector<std::vector<SwitchRoute>>> allowedRoutes(int switchChannel);

protected:
    boost::asio::awaitable<void> afterConnect() override;

private:
    static std::string rout(int n) { return ":ROUT" + std::to_string(n); }
    [[noreturn]] void fail(InstrumentErrorKind kind, const std::string& command, const std::string& detail);

    KeysightSwitchModel m_model;
};

/// @brief Factory for the driver registry: "N7731A", "N7734A". Throws InstrumentError(Configuration) for
/// another model.
std::unique_ptr<Instrument> makeKeysightSwitch(std::string_view model, std::unique_ptr<ScpiSession> session);
/// @brief The model keys makeKeysightSwitch() accepts.
std::vector<std::string> keysightSwitchModels();

} // namespace optiqual::instruments
