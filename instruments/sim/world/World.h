#pragma once
#include "instruments/sim/world/ChillerLoad.h"
#include "instruments/sim/world/ColdPlateStand.h"
#include "instruments/sim/world/CpoStand.h"
#include "instruments/sim/world/DaqSignalSource.h"
#include "instruments/sim/world/FirstOrderThermalPlant.h"
#include "instruments/sim/world/ModuleSocket.h"
#include "instruments/sim/world/OpticalNetwork.h"
#include "instruments/sim/world/OpticalSource.h"
#include "instruments/sim/world/PsuLoad.h"
#include "instruments/sim/world/WorldConfig.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief The physics of one simulated station: every simulator of the station asks it for what its instrument
/// senses and tells it what its instrument sets, so that what one instrument does shows up in the others as on
/// a bench (DESIGN.md, "Simulation is a first-class station").
///
/// - **Electrical.** Each supply output feeds what the wiring hangs on it: a socket's module input (through the
///   cable's resistance; the module's DC/DC input stage decides the current) or a resistor. The supplies keep
///   their own regulation (CV/CC, protection); the world asks them for their terminal voltage.
/// - **Thermal.** The chamber's air and the chiller's bath are the world's plants, which their controllers
///   steer. Coolant flows through every socket's cold plate in parallel while the chiller's pump runs; each
///   case follows C·dT/dt = P − (T − T_coolant)/R_plate(flow) − (T − T_air)/R_air, integrated exactly over steps
///   of at most kMaxStepSeconds. With no flow a powered module heats until it trips.
/// - **Optical.** An OpticalNetwork of the wiring's links, the switches' routes and the attenuators' settings,
///   lit by the modules' transmitters and the reference sources; meters and module receivers read what arrives.
/// - **DAQ.** Thermocouples and transmitters wired to channels read the world's quantities (with each sensor's
///   seeded offset and noise).
///
/// **Time.** The world moves only when asked: every read or setting first advances it to the time given
/// (simulation seconds, non-decreasing; an earlier time is taken as the latest seen). Reading it once after a
/// long simulated soak costs a few steps per simulated second.
///
/// **Threads.** Everything runs on the simulators' thread (SimulatorHost's io_context); the world is not
/// thread-safe. Simulators bind to it while they are built, before the host starts serving.
class World {
public:
    /// @brief Longest integration step in simulation seconds: well below the cold plate's ~4 s time constant.
    static constexpr double kMaxStepSeconds = 0.5;

    /// @param startSeconds simulation time the world starts at (the station clock's present)
    World(WorldConfig config, std::uint64_t seed, double startSeconds);
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    const WorldConfig& config() const { return m_config; }
    double now() const { return m_time; }

    // --- Binding (simulators, while they are built) ----------------------------------------------------------
    /// @brief The load on every output of supply @p instrument (PsuLoad::current takes the channel).
    std::shared_ptr<PsuLoad> supplyLoad(const std::string& instrument);
    /// @brief Tells the world how to read output @p channel's terminal voltage at a simulation time.
    void attachSupply(const std::string& instrument, int channel, std::function<double(double seconds)> terminal);
    /// @brief The air of chamber @p instrument (the world's plant, made with @p params on first use).
    std::shared_ptr<ThermalPlant> chamberPlant(const std::string& instrument,
                                               const FirstOrderThermalPlantParams& params);
    /// @brief The bath of chiller @p instrument; its demand's `running` is the pump.
    std::shared_ptr<ThermalPlant> chillerBath(const std::string& instrument,
                                              const FirstOrderThermalPlantParams& params);
    /// @brief The loop on chiller @p instrument: how much warmer the return is than the bath.
    std::shared_ptr<ChillerLoad> chillerLoad(const std::string& instrument);
    /// @brief The light at the input ports of meter (or attenuator) @p instrument: port k is `<instrument>.k`, or
    /// `<instrument>.k.in` when @p attenuatorInputs.
    std::shared_ptr<OpticalSource> opticalInputs(const std::string& instrument, bool attenuatorInputs = false);
    void attachSwitch(const std::string& instrument, int switches, int inputs, int outputs,
                      OpticalNetwork::SwitchTransmission transmission);
    void attachAttenuator(const std::string& instrument, int channels, OpticalNetwork::AttenuatorOutput output);
    /// @brief The signals wired to DAQ @p instrument's channels.
    std::shared_ptr<DaqSignalSource> daqSignals(const std::string& instrument);
    /// @brief The socket of host board @p instrument (made on first use; unwired boards get no supply).
    std::shared_ptr<ModuleSocket> moduleSocket(const std::string& instrument);

    // --- Settings (simulators, when their instrument is told) ------------------------------------------------
    /// @brief DAQ @p daq's digital port @p port now drives @p value (valves wired to it follow).
    void setDigitalOutput(const std::string& daq, int port, unsigned value, double seconds);
    /// @brief DAQ @p daq's analog output @p channel now drives @p volts (a flow controller's command).
    void setAnalogOutput(const std::string& daq, int channel, double volts, double seconds);

    // --- Cold-plate stands ------------------------------------------------------------------------------------
    /// @brief Seats a new plate for @p serial on the stand serving station socket @p socket, drawn from the serial
    /// and @p lotSeed and built as @p partNumber (planted defects win); false when no stand serves that socket.
    bool seatColdPlate(int socket, const std::string& serial, std::uint64_t lotSeed, const std::string& partNumber,
                       double seconds);
    /// @brief The stand serving station socket @p socket, nullptr if none.
    const ColdPlateStand* plateStand(int socket) const;

    // --- CPO host boards ---------------------------------------------------------------------------------------------
    /// @brief The position of CPO board @p board (made on first use; an unwired board gets no rails).
    CpoStand& cpoStand(const std::string& board);
    /// @brief Seats a new engine + ELSFP for @p serial on the CPO position serving station socket @p socket, drawn
    /// from the serial and @p lotSeed (planted defects win); false when no CPO position serves that socket.
    bool seatCpoEngine(int socket, const std::string& serial, std::uint64_t lotSeed, const std::string& partNumber,
                       double seconds);
    /// @brief advanceTo() (which hands every CPO position its rails and plate temperature), then hands CPO board @p
    /// board's position the light at its receivers.
    void prepareCpo(const std::string& board, double seconds);

    // --- Time -------------------------------------------------------------------------------------------------
    /// @brief Integrates the world up to @p seconds — or, with a catch-up budget, as far as the budget allows.
    void advanceTo(double seconds);
    /// @brief Bounds how long one advanceTo() may integrate, in real time (a live station, whose simulators ask
    /// for the clock's present). When a time scale asks more than this machine can integrate, the world would
    /// otherwise fall further behind with every catch-up and stop answering for good; past the budget it stops
    /// short, answers as of where it got to, and warns (at most every 30 s) that it is behind its clock. The next
    /// request carries on. Zero, the default: no bound (tests and benchmarks that drive the world themselves).
    void setCatchUpBudget(std::chrono::milliseconds budget) { m_catchUpBudget = budget; }
    /// @brief How far (simulation seconds) the world is behind the latest time it was asked for.
    double lagSeconds() const { return m_asked - m_time; }
    /// @brief advanceTo(), then hands the unit in socket @p instrument its received light as of now.
    void prepareSocket(const std::string& instrument, double seconds);

    // --- Quantities (also what DAQ channels read) -------------------------------------------------------------
    /// @brief A named quantity (see DaqChannelWiring::signal) at the world's present; NaN for an unknown one.
    double quantity(std::string_view signal) const;
    double chamberAirC() const;
    double coolantSupplyC() const;
    double coolantReturnC() const;
    double coolantFlowLitresPerMinute() const;
    /// @brief Flow through one socket's cold plate.
    double plateFlowLitresPerMinute() const;
    double coolantPressureDropKpa() const;
    /// @brief Current drawn by the sockets and loads on supply output (@p instrument, @p channel) at terminal
    /// voltage @p volts, with everything as of the world's present.
    double loadCurrent(const std::string& instrument, int channel, double volts) const;
    /// @brief Total light (W) from the sources reaching @p port now.
    double opticalPower(std::string_view port);

private:
    /// @brief The light last handed to one receiver, so unchanged light is not handed again.
    struct RxLight {
        bool known = false;
        double dbm = 0.0;
        std::optional<std::uint8_t> pattern;
    };
    struct SocketState {
        SocketWiring wiring;
        std::shared_ptr<ModuleSocket> socket;
        double moduleVolts = 0.0;  ///< at the module's input, after the cable
        double handedCaseC = -1e9; ///< the case temperature last handed to the unit
        std::array<RxLight, CmisModule::kLanes> light{};
        const CmisModule* lightFor = nullptr; ///< the unit `light` was handed to
    };
    struct DaqChannel {
        DaqChannelWiring wiring;
        double offset = 0.0; ///< the sensor's own error, drawn once
    };

    void step(double to);
    void applyElectrical(double seconds);
    void applyLight(SocketState& state, double seconds);
    double socketCurrent(const SocketState& state, double terminalVolts, double* moduleVolts) const;
    double sourceWatts(std::string_view source) const;
    SocketState* findSocket(std::string_view fixture);
    double daqReading(const std::string& daq, int channel, SensorKind asKind);
    ColdPlateSurroundings surroundings(const ColdPlateStand& stand, double seconds) const;
    CpoStand* findCpo(std::string_view board);
    const CpoStand* findCpo(std::string_view board) const;
    double terminalVolts(const std::string& supply, int channel, double seconds) const;
    /// @brief Light leaving a CPO source port (`<board>.els<k>`, `<board>.tx<c>`); nullopt for another port.
    std::optional<double> cpoSourceWatts(std::string_view source) const;

    class SupplyLoadAdapter;
    class ChillerLoadAdapter;
    class OpticalInputs;
    class DaqAdapter;

    WorldConfig m_config;
    std::uint64_t m_seed;
    double m_time;
    double m_asked = 0.0; ///< the latest time advanceTo() was asked for
    std::chrono::milliseconds m_catchUpBudget{0};
    std::chrono::steady_clock::time_point m_lastBehindWarning{};
    std::vector<SocketState> m_sockets;
    std::map<std::pair<std::string, int>, std::function<double(double)>> m_supplies;
    std::map<std::string, std::shared_ptr<FirstOrderThermalPlant>, std::less<>> m_chambers;
    std::map<std::string, std::shared_ptr<FirstOrderThermalPlant>, std::less<>> m_chillers;
    OpticalNetwork m_optics;
    std::vector<DaqChannel> m_daq;
    std::mt19937_64 m_noise;
    ColdPlateParams m_plateParams;
    std::vector<ColdPlateStand> m_stands;
    CpoEngineParams m_cpoParams;
    std::vector<std::unique_ptr<CpoStand>> m_cpoStands; ///< by pointer: boards hold references
};

} // namespace optiqual::instruments::sim
