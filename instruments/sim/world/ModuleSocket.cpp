#include "instruments/sim/world/ModuleSocket.h"

namespace optiqual::instruments::sim {

ModuleSocket::ModuleSocket(std::string name, CmisModuleParams unitParams, double caseTemperatureC,
                           std::map<std::string, std::vector<Defect>> plantedDefects)
    : m_name(std::move(name)), m_unitParams(std::move(unitParams)), m_planted(std::move(plantedDefects)),
      m_caseTemperatureC(caseTemperatureC) {}

void ModuleSocket::seat(std::unique_ptr<CmisModule> module, double nowSeconds) {
    m_module = std::move(module);
    if (m_module)
        m_module->setCaseTemperature(m_caseTemperatureC, nowSeconds);
}

void ModuleSocket::seatUnit(const std::string& serial, std::uint64_t lotSeed, double nowSeconds,
                            const std::string& partNumber) {
    CmisModuleParams params = m_unitParams;
    params.seed = lotSeed;
    if (!partNumber.empty())
        params.identity.partNumber = partNumber;
    const auto planted = m_planted.find(serial);
    seat(std::make_unique<CmisModule>(serial, std::move(params),
                                      planted == m_planted.end() ? std::nullopt
                                                                 : std::optional<std::vector<Defect>>(planted->second)),
         nowSeconds);
}

void ModuleSocket::setCaseTemperature(double degC, double nowSeconds) {
    m_caseTemperatureC = degC;
    if (m_module)
        m_module->setCaseTemperature(degC, nowSeconds);
}

} // namespace optiqual::instruments::sim
