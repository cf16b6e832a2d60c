#pragma once
#include "instruments/sim/SimContext.h"
#include "instruments/sim/scpi/ScpiDevice.h"
#include "instruments/sim/world/CpoStand.h"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief The simulated CPO-HB1 host board for a CPO optical engine and its ELSFP, speaking the dialect of
/// docs/cpo-board.md (the XPO-HB1's conventions: SCPI framing, `(@…)` channel lists, NR3 lists, signed error codes).
///
/// The board owns the engine-enable switch, the ring-tuning firmware (a heater sweep that locks each ring on its
/// drop-port monitor), the PRBS checker controls and its photocurrent ADCs; everything it reports comes from the
/// engine position (CpoStand) it serves: on a simulated station the world's, which gives it rails, plate temperature
/// and light; alone (unit tests), its own with nominal rails and no light at the receivers.
class CpoBoardSimulator : public ScpiDevice {
public:
    explicit CpoBoardSimulator(const SimContext& context);

    CpoStand& stand() { return *m_stand; }
    double now() const { return m_seconds(); }
    /// @brief `CPO` and seven digits drawn from @p seed.
    static std::string defaultEngineSerial(std::uint64_t seed);

    std::optional<std::string> handleMessage(std::string_view message) override;

protected:
    void reset() override;

private:
    void registerEngineCommands();
    void registerElsfpCommands();
    /// @brief The stand, after checking an engine is seated (+201) and, with @p ready, enabled and powered (+202).
    CpoStand& engineStand(bool ready);
    /// @brief The ELSFP's page @p page (+204 when unpowered, +205 for a page it lacks).
    std::array<std::uint8_t, 128> elsfpPage(int page);
    void tuneRing(int channel);
    std::vector<double> laserMonitor(int firstOffset, double lsb, const std::vector<int>& lasers);
    void setLaserBits(int offset, bool on, const std::vector<int>& lasers);

    std::function<double()> m_seconds;
    std::shared_ptr<World> m_world;
    std::string m_name;
    std::unique_ptr<CpoStand> m_ownStand; ///< a stand-alone board's position
    CpoStand* m_stand = nullptr;
};

/// @brief "CPO-HB1".
std::span<const std::string_view> cpoBoardSimulatorModels();
/// @brief Makes the simulated board for @p model (case-insensitive); throws std::invalid_argument for another model.
std::shared_ptr<LineDevice> makeCpoBoardSimulator(std::string_view model, const SimContext& context);

} // namespace optiqual::instruments::sim
