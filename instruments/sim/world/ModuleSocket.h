#pragma once
#include "instruments/sim/world/CmisModule.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief A module socket on a host board: the unit seated in it (an XPO module) and the physical state the world
/// keeps for it — the case temperature of whatever sits in the socket, which outlives the unit (a new module
/// seated in a hot socket starts at the socket's temperature, as a cold plate's thermal mass would make it).
///
/// The host-board simulator drives the unit's pins and management interface through module(); the world sets its
/// supply voltage, case temperature and received light and reads its draw, heat and light. Not thread-safe: the
/// simulators' thread only.
class ModuleSocket {
public:
    /// @param unitParams the model every unit seated by seatUnit() is made from (station-wide defect rates…)
    ModuleSocket(std::string name, CmisModuleParams unitParams, double caseTemperatureC,
                 std::map<std::string, std::vector<Defect>> plantedDefects = {});

    const std::string& name() const { return m_name; }
    /// @brief The seated unit, nullptr when the socket is empty.
    CmisModule* module() { return m_module.get(); }
    const CmisModule* module() const { return m_module.get(); }
    /// @brief Seats @p module (nullptr empties the socket) at the socket's case temperature.
    void seat(std::unique_ptr<CmisModule> module, double nowSeconds);
    /// @brief Seats a new unit for serial @p serial: its variation and defects are drawn from the serial and
    /// @p lotSeed with the socket's unit parameters; it reports @p partNumber in CMIS when one is given.
    void seatUnit(const std::string& serial, std::uint64_t lotSeed, double nowSeconds,
                  const std::string& partNumber = {});
    const CmisModuleParams& unitParams() const { return m_unitParams; }

    double caseTemperature() const { return m_caseTemperatureC; }
    /// @brief Sets the case temperature and hands it to the unit (the world's thermal model calls this).
    void setCaseTemperature(double degC, double nowSeconds);
    /// @brief Keeps the socket's case temperature without handing it to the unit: a change below what the unit
    /// could tell, accumulated until it is worth handing over.
    void keepCaseTemperature(double degC) { m_caseTemperatureC = degC; }

private:
    std::string m_name;
    CmisModuleParams m_unitParams;
    std::map<std::string, std::vector<Defect>> m_planted;
    double m_caseTemperatureC;
    std::unique_ptr<CmisModule> m_module;
};

} // namespace optiqual::instruments::sim
