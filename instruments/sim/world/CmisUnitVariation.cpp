#include "instruments/sim/world/CmisUnitVariation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace optiqual::instruments::sim {

namespace {

constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// Independent streams per purpose: adding a draw to one never shifts the others.
constexpr std::uint64_t kVariationStream = 0x5641524941544e31ULL; // "VARIATN1"
constexpr std::uint64_t kDefectStream = 0x4445464543545331ULL;    // "DEFECTS1"
constexpr std::uint64_t kLaneStream = 0x4c414e4553454c31ULL;      // "LANESEL1"

// SplitMix64 finaliser: spreads a seed's bits so that nearby lot seeds give unrelated streams.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

std::uint64_t streamSeed(std::string_view serialNumber, std::uint64_t lotSeed, std::uint64_t stream) {
    return mix(stableHash(serialNumber) ^ mix(lotSeed) ^ stream);
}

} // namespace

std::uint64_t stableHash(std::string_view text) {
    std::uint64_t hash = kFnvOffsetBasis;
    for (const char c : text) {
        hash ^= static_cast<std::uint8_t>(c);
        hash *= kFnvPrime;
    }
    return hash;
}

double DeterministicRandom::uniform() {
    // The top 53 bits fill a double's mantissa exactly.
    return static_cast<double>(m_engine() >> 11U) * 0x1.0p-53;
}

double DeterministicRandom::normal(double mean, double sigma) {
    const double u1 = 1.0 - uniform(); // (0, 1]: log() stays finite
    const double u2 = uniform();
    const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
    return mean + sigma * std::clamp(z, -3.0, 3.0);
}

int DeterministicRandom::index(int count) {
    if (count <= 1)
        return 0;
    return std::min(count - 1, static_cast<int>(uniform() * count));
}

UnitVariation drawUnitVariation(std::string_view serialNumber, const CmisModuleParams& params) {
    DeterministicRandom random(streamSeed(serialNumber, params.seed, kVariationStream));
    UnitVariation unit{};
    unit.temperatureMonitorOffsetC =
        random.uniform(-params.thermal.monitorOffsetSpreadC, params.thermal.monitorOffsetSpreadC);
    unit.vccMonitorFactor = 1.0 + random.uniform(-params.monitors.vccErrorFraction, params.monitors.vccErrorFraction);
    unit.powerFactor = std::max(0.5, random.normal(1.0, params.power.unitSpread));
    unit.durationFraction = random.uniform(params.timing.durationFractionMin, params.timing.durationFractionMax);

    const auto& laser = params.laser;
    const auto& monitors = params.monitors;
    for (auto& lane : unit.lanes) {
        // Fixed draw order per lane: changing the order changes every simulated unit.
        lane.thresholdMilliAmpAt25 = laser.thresholdMilliAmpAt25 * random.normal(1.0, laser.thresholdSpread);
        lane.slopeWattsPerAmpAt25 = laser.slopeWattsPerAmpAt25 * random.normal(1.0, laser.slopeSpread);
        lane.apcTargetDbm = random.normal(laser.apcTargetDbm, laser.apcTargetSpreadDb);
        lane.extinctionRatioDb = random.normal(laser.extinctionRatioDb, laser.extinctionRatioSpreadDb);
        lane.wavelengthNmAt25 = random.normal(laser.wavelengthNm, laser.wavelengthSpreadNm);
        lane.rxSensitivityOmaDbm =
            random.normal(params.receiver.sensitivityOmaDbm, params.receiver.sensitivitySpreadDb);
        lane.txMonitorErrorDb = random.uniform(-monitors.txPowerErrorDb, monitors.txPowerErrorDb);
        lane.rxMonitorErrorDb = random.uniform(-monitors.rxPowerErrorDb, monitors.rxPowerErrorDb);
        lane.biasMonitorErrorFraction = random.uniform(-monitors.biasErrorFraction, monitors.biasErrorFraction);
    }
    return unit;
}

std::vector<Defect> drawDefects(std::string_view serialNumber, const CmisModuleParams& params) {
    DeterministicRandom random(streamSeed(serialNumber, params.seed, kDefectStream));
    std::vector<Defect> defects;
    for (std::size_t i = 1; i < kDefectModeCount; ++i) {
        const auto mode = static_cast<DefectMode>(i);
        // Always draw both numbers so that one mode's probability never shifts another mode's draw.
        const double roll = random.uniform();
        const int lane = random.index(UnitVariation::kLanes);
        if (roll < params.defectProbability(mode))
            defects.push_back({mode, isLaneDefect(mode) ? lane : -1});
    }
    return defects;
}

std::vector<Defect> resolveDefects(std::string_view serialNumber, const CmisModuleParams& params,
                                   std::vector<Defect> defects) {
    DeterministicRandom random(streamSeed(serialNumber, params.seed, kLaneStream));
    std::vector<Defect> resolved;
    for (auto defect : defects) {
        if (defect.mode == DefectMode::None)
            continue;
        if (!isLaneDefect(defect.mode))
            defect.lane = -1;
        else if (defect.lane < 0)
            defect.lane = random.index(UnitVariation::kLanes);
        else
            defect.lane %= UnitVariation::kLanes;
        resolved.push_back(defect);
    }
    return resolved;
}

} // namespace optiqual::instruments::sim
