#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/CmisModule.h"
#include "instruments/sim/world/ModuleSocket.h"

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief The simulated XPO-HB1 module host board ("fixture"), speaking OptiQual's own dialect of docs/fixture.md,
/// with a CmisModule in its socket.
///
/// The board owns three pins (power switch, ResetL, LPMode) and applies them to whatever module is seated; every
/// other answer comes from the module (appendix B of the guide): CMIS:READ?/WRITe go to CmisModule::read()/write()
/// (writes in transactions of at most 8 bytes that never cross an 8-byte boundary), PRBS:* and DDM:* are register
/// accesses to pages 13h/14h and 11h, and CmisStatus values map to the guide's device errors (+201 … +205).
///
/// Time: the module runs on simulation time (SimContext::clock, or setTimeSource()). `FIXT:MOD:RES:PULS` and
/// `FIXT:MOD:STAT:WAIT?` take board time, which a synchronous simulator cannot spend: it answers at once and moves
/// its module ahead to the moment the pulse ended or the wait was decided. The module's time then runs ahead of the
/// clock until the clock catches up (CmisModule treats earlier times as the latest one seen).
///
/// After construction and `*RST`: power off, ResetL asserted, LPMode asserted; a module (serial from
/// defaultModuleSerial(seed)) is seated. Tests and the world model replace it with seat() / unseat() and drive its
/// environment through module() (supply voltage, case temperature, light on each receiver).
class FixtureSimulator : public ScpiDevice {
public:
    static constexpr std::size_t kInputBufferBytes = 4096;
    static constexpr std::size_t kErrorQueueEntries = 16;

    explicit FixtureSimulator(const SimContext& context);

    /// @brief True when a module is seated (and has not been pulled through CmisModule::setPresent(false)).
    bool modulePresent() const;
    /// @brief The seated module. Throws std::logic_error when the socket is empty.
    CmisModule& module();
    /// @brief Seats @p module (replacing any module, as an unplug then plug would): the board's pins apply to it,
    /// with the power switch off. A null pointer empties the socket.
    void seat(std::unique_ptr<CmisModule> module);
    /// @brief Seats a fresh module for unit @p serial: its variation and defects are drawn from the serial (and
    /// @p lotSeed), its receivers see the station's fibre loopback. A simulated lot calls this per unit.
    void seatUnit(const std::string& serial, std::uint64_t lotSeed, const std::string& partNumber = {});
    /// @brief Empties the socket; the board switches power off.
    void unseat();

    bool powerOn() const { return m_powerOn; }
    bool resetAsserted() const { return m_resetAsserted; }
    bool lowPowerAsserted() const { return m_lowPowerAsserted; }
    /// @brief The rotary-switch slot address `FIXT:SLOT?` reports (1–99, default 1).
    int slot() const { return m_slot; }
    /// @brief Throws std::out_of_range outside 1–99.
    void setSlot(int slot);

    /// @brief Where simulation time comes from, in seconds (default: the SimContext clock). Tests step it by hand.
    void setTimeSource(std::function<double()> seconds);
    double now() const { return m_seconds(); }

    /// @brief `XPO` and seven digits drawn from @p seed (the same seed gives the same serial everywhere).
    static std::string defaultModuleSerial(std::uint64_t seed);

    /// @brief Adds the board's framing rules to ScpiDevice's: −363 for a message past 4096 bytes, and the power
    /// switch follows a module pulled out of the socket.
    std::optional<std::string> handleMessage(std::string_view message) override;

protected:
    void reset() override;

private:
    /// @brief One bank's share of a lane list: the lanes' bits (CMIS lane 1 = bit 0).
    using BankMasks = std::array<std::uint8_t, CmisModule::kBanks>;

    void registerSocketCommands();
    void registerStateCommands();
    void registerCmisCommands();
    void registerPrbsCommands();
    void registerDdmCommands();

    /// @brief now(), or the module's time when a wait or a reset pulse moved it ahead of the clock.
    double boardTime() const;
    void applyPins();
    void followPresence();
    /// @brief The module's state at @p seconds, Absent with an empty socket.
    CmisModuleState boardState(double seconds);
    /// @brief `ABSENT`, `OFF`, … for the state at @p seconds.
    std::string_view stateWord(double seconds);
    /// @brief `STAT:TIME?`: seconds from the switch turning on to the latest entry into @p state, NaN if none since.
    double stateEntryTime(CmisModuleState state);
    /// @brief The module, or +201.
    CmisModule& seatedModule();
    /// @brief The module when ModuleReady, else +201/+204/+203/+202 (PRBS commands).
    CmisModule& readyModule();
    std::vector<std::uint8_t> readRegisters(int bank, int page, int offset, int length);
    void writeRegisters(int bank, int page, int offset, std::span<const std::uint8_t> bytes);
    std::uint8_t readRegister(int bank, int page, int offset);

    // PRBS and DDM convenience commands (FixtureSimulatorDiagnostics.cpp).
    void startPrbs(bool host, int pattern, const std::vector<int>& lanes);
    void stopPrbs(bool host, const std::vector<int>& lanes);
    std::string berList(bool host, const std::vector<int>& lanes);
    /// @brief `DDM:LOS?`: page 11h byte 147 of each bank the list names, read twice (see the guide, §9).
    std::string lossOfSignalList(const std::vector<int>& lanes);
    /// @brief Page 11h u16 monitors at @p firstOffset (lanes 1–8 of each bank) for @p lanes.
    std::vector<double> laneMonitors(int firstOffset, const std::vector<int>& lanes);
    static std::vector<int> laneList(const ScpiContext& c, std::size_t index);
    static BankMasks bankMasks(const std::vector<int>& lanes);
    static int patternParam(const ScpiContext& c, std::size_t index);

    void standAloneLoopback(CmisModule& module);

    std::function<double()> m_seconds;
    std::shared_ptr<World> m_world;
    std::string m_name;
    std::shared_ptr<ModuleSocket> m_socket; ///< the world's, or the board's own when it stands alone
    CmisModule* m_module = nullptr;         ///< the socket's unit, kept in step by seat()
    bool m_powerOn = false;
    bool m_resetAsserted = true;
    bool m_lowPowerAsserted = true;
    /// @brief Module time at which the power switch last turned on (NaN: not since the module was seated).
    double m_switchedOnAt = std::numeric_limits<double>::quiet_NaN();
    int m_slot = 1;
};

/// @brief "XPO-HB1".
std::span<const std::string_view> fixtureSimulatorModels();
/// @brief Makes the simulated board for @p model (case-insensitive); throws std::invalid_argument for another model.
std::shared_ptr<LineDevice> makeFixtureSimulator(std::string_view model, const SimContext& context);

} // namespace optiqual::instruments::sim
