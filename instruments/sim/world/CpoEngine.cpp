#include "instruments/sim/world/CpoEngine.h"

#include "instruments/sim/world/CmisOptics.h"
#include "instruments/sim/world/CmisUnitVariation.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace optiqual::instruments::sim {

namespace {

// Independent streams per purpose (see CmisUnitVariation): a defect rate never moves a unit's physics.
constexpr std::uint64_t kVariationStream = 0x43504f5641523031ULL; // "CPOVAR01"
constexpr std::uint64_t kDefectStream = 0x43504f4445463031ULL;    // "CPODEF01"
constexpr std::uint64_t kSiteStream = 0x43504f5349543031ULL;      // "CPOSIT01"

std::uint64_t seedFor(const std::string& serial, std::uint64_t lotSeed, std::uint64_t stream) {
    // SplitMix64 finaliser over the serial's stable hash, the lot seed and the stream.
    std::uint64_t x = stableHash(serial) ^ (lotSeed * 0x9e3779b97f4a7c15ULL) ^ stream;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

double fromDb(double db) {
    return std::pow(10.0, db / 10.0);
}

bool onLaser(CpoDefect d) {
    return d == CpoDefect::WeakLaser || d == CpoDefect::LaserEndOfLife;
}

} // namespace

std::vector<CpoDefect> CpoEngine::drawDefects(const std::string& serial, const CpoEngineParams& params) {
    DeterministicRandom random(seedFor(serial, params.seed, kDefectStream));
    std::vector<CpoDefect> defects;
    for (std::size_t i = 1; i < kCpoDefectCount; ++i) {
        const auto d = static_cast<CpoDefect>(i);
        if (random.uniform() < params.defectProbability(d))
            defects.push_back(d);
    }
    return defects;
}

CpoEngine::CpoEngine(std::string serial, std::string partNumber, const CpoEngineParams& params,
                     std::optional<std::vector<CpoDefect>> defects)
    : m_serial(std::move(serial)), m_partNumber(std::move(partNumber)), m_params(params) {
    if (defects) {
        for (auto d : *defects)
            if (d != CpoDefect::None)
                m_defects.push_back(d);
    } else {
        m_defects = drawDefects(m_serial, params);
    }
    m_sites.fill(-1);
    DeterministicRandom sites(seedFor(m_serial, params.seed, kSiteStream));
    for (auto d : m_defects)
        m_sites[static_cast<std::size_t>(d)] = sites.index(onLaser(d) ? kLasers : kChannels);

    DeterministicRandom random(seedFor(m_serial, params.seed, kVariationStream));
    // Fixed draw order: changing it changes every simulated engine.
    m_powerFactor = random.normal(1.0, params.corePowerSpread);
    for (std::size_t c = 0; c < kChannels; ++c) {
        m_couplingDb[c] = random.normal(params.couplingLossDb, params.couplingLossSigmaDb);
        m_onChipDb[c] = random.normal(params.onChipLossDb, params.onChipLossSigmaDb);
        m_ringOffsetNm[c] = random.normal(params.ringOffsetNmAt25, params.ringOffsetSigmaNm);
        m_heaterNmPerMw[c] = params.heaterNmPerMw * random.normal(1.0, params.heaterSpread);
        m_responsivity[c] = random.normal(params.responsivityAPerW, params.responsivitySigma);
        m_darkAt25[c] = params.darkCurrentAmpsAt25 * std::exp(random.normal(0.0, params.darkCurrentLogSigma));
    }
    for (std::size_t k = 0; k < kLasers; ++k) {
        m_thresholdAmps[k] = random.normal(params.laserThresholdAmps, params.laserThresholdSigmaAmps);
        m_slope[k] = random.normal(params.laserSlopeWattsPerAmp, params.laserSlopeSigma);
        m_powerMonitorFactor[k] = fromDb(random.normal(0.0, params.powerMonitorSigmaDb));
        m_biasMonitorFactor[k] = random.normal(1.0, params.biasMonitorSigma);
    }

    if (const int c = defectSite(CpoDefect::HighCouplingLoss); c >= 0)
        m_couplingDb[index(c)] += params.highCouplingLossDb;
    if (const int c = defectSite(CpoDefect::RingOutOfRange); c >= 0)
        m_ringOffsetNm[index(c)] += params.ringOutOfRangeExtraNm;
    if (const int c = defectSite(CpoDefect::DeadPhotodiode); c >= 0) {
        m_responsivity[index(c)] = params.deadResponsivityAPerW;
        m_darkAt25[index(c)] = 0.0;
    }
    if (const int k = defectSite(CpoDefect::WeakLaser); k >= 0)
        m_slope[static_cast<std::size_t>(k)] *= params.weakLaserSlopeFactor;
    if (const int k = defectSite(CpoDefect::LaserEndOfLife); k >= 0)
        m_slope[static_cast<std::size_t>(k)] *= params.endOfLifeSlopeFactor;
}

std::size_t CpoEngine::index(int channel) {
    if (channel < 0 || channel >= kChannels)
        throw std::out_of_range("CPO channel " + std::to_string(channel) + " outside 0-31");
    return static_cast<std::size_t>(channel);
}

int CpoEngine::defectSite(CpoDefect defect) const {
    return m_sites[static_cast<std::size_t>(defect)];
}

double CpoEngine::laserBiasAmps(int laser, double targetWatts) const {
    const auto k = static_cast<std::size_t>(laser);
    if (targetWatts <= 0.0)
        return 0.0;
    return std::min(m_params.laserMaxBiasAmps, m_thresholdAmps.at(k) + targetWatts / m_slope.at(k));
}

double CpoEngine::laserWatts(int laser, double amps) const {
    const auto k = static_cast<std::size_t>(laser);
    return std::max(0.0, m_slope.at(k) * (amps - m_thresholdAmps.at(k)));
}

double CpoEngine::powerMonitorWatts(int laser, double watts) const {
    return watts * m_powerMonitorFactor.at(static_cast<std::size_t>(laser));
}

double CpoEngine::biasMonitorAmps(int laser, double amps) const {
    return amps * m_biasMonitorFactor.at(static_cast<std::size_t>(laser));
}

double CpoEngine::elsfpCurrent(double volts, const std::array<double, kLasers>& biases) const {
    if (volts < m_params.elsfpMinVolts)
        return 0.0;
    double watts = m_params.elsfpOverheadWatts;
    for (double amps : biases)
        watts += amps * m_params.laserVoltage;
    return watts / volts; // the module's own regulators: constant power
}

double CpoEngine::coreWatts(double volts, double heaterWatts) const {
    if (volts < m_params.coreMinVolts)
        return 0.0;
    const double v = volts / m_params.coreNominalVolts;
    return (m_params.coreStaticWatts + kChannels * m_params.channelWatts) * m_powerFactor * v * v + heaterWatts;
}

double CpoEngine::txWatts(int channel, double laserWatts) const {
    const auto c = index(channel);
    return laserWatts / fromDb(m_params.splitLossDb + m_onChipDb[c] + m_couplingDb[c]);
}

double CpoEngine::ringDetuningNm(int channel, double dieC, double heaterMw) const {
    const auto c = index(channel);
    const double offset =
        m_ringOffsetNm[c] - m_params.ringDriftNmPerK * (dieC - 25.0) - m_heaterNmPerMw[c] * std::max(0.0, heaterMw);
    // The nearest resonance order: the rings repeat every FSR.
    return offset - m_params.ringFsrNm * std::round(offset / m_params.ringFsrNm);
}

double CpoEngine::ringDrop(int channel, double dieC, double heaterMw) const {
    const double x = 2.0 * ringDetuningNm(channel, dieC, heaterMw) / m_params.ringFwhmNm;
    return m_params.ringDropPeak / (1.0 + x * x);
}

double CpoEngine::darkCurrentAmps(int channel, double dieC) const {
    return m_darkAt25[index(channel)] * std::pow(2.0, (dieC - 25.0) / m_params.darkDoublingKelvin);
}

double CpoEngine::photocurrentAmps(int channel, double fibreWatts, double dieC) const {
    const auto c = index(channel);
    return m_responsivity[c] * std::max(0.0, fibreWatts) / fromDb(m_couplingDb[c]) + darkCurrentAmps(channel, dieC);
}

double CpoEngine::ber(int channel, double fibreWatts, double extinctionDb) const {
    const auto c = index(channel);
    if (fibreWatts <= 0.0)
        return 0.5;
    const double r = fromDb(extinctionDb);
    const double omaAtPd = 2.0 * fibreWatts * (r - 1.0) / (r + 1.0) / fromDb(m_couplingDb[c]);
    // Thermal-noise limited: Q grows with the signal current R·OMA; a nominal receiver has the threshold BER at the
    // sensitivity OMA.
    const double sensitivityAmps = m_params.responsivityAPerW * 1e-3 * fromDb(m_params.rxSensitivityOmaDbmAtPd);
    const double q = pam4QFromBer(m_params.sensitivityBer) * m_responsivity[c] * omaAtPd / sensitivityAmps;
    return pam4BerFromQ(q);
}

} // namespace optiqual::instruments::sim
