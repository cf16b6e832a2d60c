#pragma once
#include "instruments/sim/world/CmisModuleParams.h"

#include <array>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief 64-bit FNV-1a hash of @p text: stable across compilers, standard libraries and runs (unlike std::hash).
std::uint64_t stableHash(std::string_view text);

/// @brief Deterministic random numbers for unit-to-unit variation.
///
/// Uses only the raw output of std::mt19937_64 (whose sequence the standard fixes) and converts it itself, because
/// the algorithms behind std::uniform_real_distribution and std::normal_distribution are implementation-defined:
/// the same serial number must give the same unit with every standard library.
class DeterministicRandom {
public:
    explicit DeterministicRandom(std::uint64_t seed) : m_engine(seed) {}

    /// @brief Uniform in [0, 1).
    double uniform();
    /// @brief Uniform in [@p low, @p high).
    double uniform(double low, double high) { return low + (high - low) * uniform(); }
    /// @brief Normal with mean @p mean and standard deviation @p sigma, truncated at ±3σ (Box–Muller).
    double normal(double mean, double sigma);
    /// @brief Uniform integer in [0, @p count).
    int index(int count);

private:
    std::mt19937_64 m_engine;
};

/// @brief The drawn properties of one lane (global lane 0–63).
struct LaneVariation {
    double thresholdMilliAmpAt25;
    double slopeWattsPerAmpAt25;
    double apcTargetDbm;
    double extinctionRatioDb;
    double wavelengthNmAt25;
    double rxSensitivityOmaDbm;
    double txMonitorErrorDb;
    double rxMonitorErrorDb;
    double biasMonitorErrorFraction;
};

/// @brief The drawn properties of one unit, before defects are applied.
struct UnitVariation {
    static constexpr int kLanes = 64;

    double temperatureMonitorOffsetC;
    double vccMonitorFactor;
    double powerFactor;
    double durationFraction;
    std::array<LaneVariation, kLanes> lanes;
};

/// @brief Draws a unit's variation from its serial number and params.seed. The same inputs always give the same
/// unit; the defect draw uses a separate stream, so changing defect probabilities never changes a unit's physics.
UnitVariation drawUnitVariation(std::string_view serialNumber, const CmisModuleParams& params);

/// @brief Draws the defects of a unit from its serial number, params.seed and the defect probabilities (each mode
/// independently; lane defects also draw their lane).
std::vector<Defect> drawDefects(std::string_view serialNumber, const CmisModuleParams& params);

/// @brief Completes explicitly given defects: drops DefectMode::None entries and draws the lane of lane defects
/// given with a negative lane (deterministically from the serial number); lanes are reduced modulo 64.
std::vector<Defect> resolveDefects(std::string_view serialNumber, const CmisModuleParams& params,
                                   std::vector<Defect> defects);

} // namespace optiqual::instruments::sim
