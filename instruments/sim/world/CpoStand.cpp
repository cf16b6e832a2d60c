#include "instruments/sim/world/CpoStand.h"

#include "core/Units.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace optiqual::instruments::sim {

namespace {

constexpr int kCableIterations = 8; // V_engine = V_terminal − I(V_engine)·R converges in a few

std::size_t at(int channel) {
    if (channel < 0 || channel >= CpoEngine::kChannels)
        throw std::out_of_range("CPO channel " + std::to_string(channel) + " outside 0-31");
    return static_cast<std::size_t>(channel);
}

} // namespace

CpoStand::CpoStand(CpoStandWiring wiring) : m_wiring(std::move(wiring)), m_interlockClosed(m_wiring.interlockClosed) {
    resetBoard();
}

void CpoStand::seat(std::unique_ptr<CpoEngine> engine) {
    m_engine = std::move(engine);
    resetBoard();
}

void CpoStand::resetBoard() {
    m_engineEnabled = false;
    m_laserEnables = 0;
    m_fibreChecked = 0;
    m_heaterMw.fill(0.0);
    m_checker.fill(-1);
}

void CpoStand::setRxLight(int channel, const CpoRxLight& light) {
    m_rx[at(channel)] = light;
}

void CpoStand::setHeaterMw(int channel, double mw) {
    m_heaterMw[at(channel)] = std::max(0.0, mw);
}

double CpoStand::heaterMw(int channel) const {
    return m_heaterMw[at(channel)];
}

void CpoStand::setChecker(int channel, int pattern) {
    m_checker[at(channel)] = pattern;
}

double CpoStand::heaterWatts() const {
    if (!m_engine || !m_engineEnabled) // the heater drivers run off the engine's own rail
        return 0.0;
    double mw = 0.0;
    for (double h : m_heaterMw)
        mw += h;
    return mw * 1e-3;
}

double CpoStand::coreVoltsAt(double terminal) const {
    double volts = std::max(0.0, terminal);
    if (!m_engine || !m_engineEnabled)
        return volts;
    // The engine's power follows its own voltage: solve the cable drop by a fixed-point iteration.
    for (int i = 0; i < kCableIterations; ++i) {
        const double amps = volts > 0.0 ? m_engine->coreWatts(volts, heaterWatts()) / volts : 0.0;
        volts = std::max(0.0, terminal - amps * m_wiring.coreCableOhms);
    }
    return volts;
}

double CpoStand::coreCurrent(double terminalVolts) const {
    if (!m_engine || !m_engineEnabled)
        return 0.0;
    const double volts = coreVoltsAt(terminalVolts);
    return volts > 0.0 ? m_engine->coreWatts(volts, heaterWatts()) / volts : 0.0;
}

double CpoStand::laserCurrent(double volts) const {
    if (!m_engine)
        return 0.0;
    std::array<double, CpoEngine::kLasers> biases{};
    for (int k = 0; k < CpoEngine::kLasers; ++k)
        biases[static_cast<std::size_t>(k)] = laserBiasAmps(k);
    return m_engine->elsfpCurrent(volts, biases);
}

bool CpoStand::engineReady() const {
    return m_engine && m_engineEnabled && coreVoltsAt(m_coreTerminal) >= m_engine->params().coreMinVolts;
}

bool CpoStand::elsfpPowered() const {
    return m_engine && m_laserVolts >= m_engine->params().elsfpMinVolts;
}

double CpoStand::dieC() const {
    if (!m_engine || !engineReady())
        return m_plateC;
    const double volts = coreVoltsAt(m_coreTerminal);
    return m_plateC + m_engine->params().thermalKelvinPerWatt * m_engine->coreWatts(volts, heaterWatts());
}

double CpoStand::laserTargetWatts(int laser) const {
    if (!elsfpPowered() || !m_interlockClosed || ((m_laserEnables >> laser) & 1U) == 0)
        return 0.0;
    const auto& p = m_engine->params();
    return core::dbmToWatts(((m_fibreChecked >> laser) & 1U) ? p.laserTargetDbm : p.fibreCheckDbm);
}

double CpoStand::laserBiasAmps(int laser) const {
    return m_engine ? m_engine->laserBiasAmps(laser, laserTargetWatts(laser)) : 0.0;
}

double CpoStand::laserFibreWatts(int laser) const {
    return m_engine ? m_engine->laserWatts(laser, laserBiasAmps(laser)) : 0.0;
}

double CpoStand::txWatts(int channel) const {
    if (!engineReady())
        return 0.0;
    const double laser = laserFibreWatts(channel / CpoEngine::kChannelsPerLaser);
    return m_engine->txWatts(channel, laser / std::pow(10.0, m_wiring.laserToEngineLossDb / 10.0));
}

double CpoStand::ringMonitorAmps(int channel, double heaterMw) const {
    if (!engineReady())
        return 0.0;
    const auto& p = m_engine->params();
    const double bus = laserFibreWatts(channel / CpoEngine::kChannelsPerLaser) /
                       std::pow(10.0, (m_wiring.laserToEngineLossDb + p.splitLossDb) / 10.0);
    return bus * m_engine->ringDrop(channel, dieC(), heaterMw);
}

double CpoStand::photocurrentAmps(int channel) const {
    if (!engineReady())
        return 0.0;
    return m_engine->photocurrentAmps(channel, m_rx[at(channel)].watts, dieC());
}

double CpoStand::ber(int channel) const {
    const int pattern = m_checker[at(channel)];
    if (!engineReady() || pattern < 0)
        return std::numeric_limits<double>::quiet_NaN();
    const CpoRxLight& light = m_rx[at(channel)];
    if (light.pattern != pattern)
        return 0.5; // a checker that cannot lock counts every other bit wrong
    return m_engine->ber(channel, light.watts, light.extinctionDb);
}

} // namespace optiqual::instruments::sim
