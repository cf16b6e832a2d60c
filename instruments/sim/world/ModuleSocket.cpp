#include "instruments/sim/world/ModuleSocket.h"

namespace optiqual::instruments::sim {

ModuleSocket::ModuleSocket(std::string name, CmisModuleParams unitParams, double caseTemperatureC)
    : m_name(std::move(name)), m_unitParams(std::move(unitParams)), m_caseTemperatureC(caseTemperatureC) {}

void ModuleSocket::seat(std::unique_ptr<CmisModule> module, double nowSeconds) {
    m_module = std::move(module);
    if (m_module)
        m_module->setCaseTemperature(m_caseTemperatureC, nowSeconds);
}

void ModuleSocket::seatUnit(const std::string& serial, std::uint64_t lotSeed, double nowSeconds) {
    CmisModuleParams params = m_unitParams;
    params.seed = lotSeed;
    seat(std::make_unique<CmisModule>(serial, std::move(params)), nowSeconds);
}

void ModuleSocket::setCaseTemperature(double degC, double nowSeconds) {
    m_caseTemperatureC = degC;
    if (m_module)
        m_module->setCaseTemperature(degC, nowSeconds);
}

} // namespace optiqual::instruments::sim
