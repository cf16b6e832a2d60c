#include "instruments/sim/world/ColdPlatePart.h"

#include "instruments/sim/world/CmisUnitVariation.h"

#include <algorithm>
#include <cmath>

namespace optiqual::instruments::sim {

namespace {

// Independent streams per purpose (see CmisUnitVariation): a defect rate never moves a unit's physics.
constexpr std::uint64_t kVariationStream = 0x434f4c4456415231ULL; // "COLDVAR1"
constexpr std::uint64_t kDefectStream = 0x434f4c4444454631ULL;    // "COLDDEF1"
constexpr double kViscosityPerKelvin = 0.026;

std::uint64_t seedFor(const std::string& serial, std::uint64_t lotSeed, std::uint64_t stream) {
    // SplitMix64 finaliser over the serial's stable hash, the lot seed and the stream.
    std::uint64_t x = stableHash(serial) ^ (lotSeed * 0x9e3779b97f4a7c15ULL) ^ stream;
    x = (x ^ (x >> 30U)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27U)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31U);
}

bool has(const std::vector<ColdPlateDefect>& defects, ColdPlateDefect d) {
    return std::find(defects.begin(), defects.end(), d) != defects.end();
}

} // namespace

std::vector<ColdPlateDefect> ColdPlatePart::drawDefects(const std::string& serial, const ColdPlateParams& params) {
    DeterministicRandom random(seedFor(serial, params.seed, kDefectStream));
    std::vector<ColdPlateDefect> defects;
    for (std::size_t i = 1; i < kColdPlateDefectCount; ++i) {
        const auto d = static_cast<ColdPlateDefect>(i);
        if (random.uniform() < params.defectProbability(d))
            defects.push_back(d);
    }
    return defects;
}

ColdPlatePart::ColdPlatePart(std::string serial, std::string partNumber, const ColdPlateParams& params,
                             std::optional<std::vector<ColdPlateDefect>> defects)
    : m_serial(std::move(serial)), m_partNumber(std::move(partNumber)) {
    if (defects) {
        for (auto d : *defects)
            if (d != ColdPlateDefect::None)
                m_defects.push_back(d);
    } else {
        m_defects = drawDefects(m_serial, params);
    }
    const ColdPlateDesign& design = params.design(m_partNumber);
    DeterministicRandom random(seedFor(m_serial, params.seed, kVariationStream));
    // Fixed draw order: changing it changes every simulated plate.
    m_base = design.baseKelvinPerWatt * random.normal(1.0, params.resistanceSpread);
    m_convection = design.convectionKelvinPerWatt * random.normal(1.0, params.resistanceSpread);
    m_dpAtReference = design.pressureDropKpa * random.normal(1.0, params.pressureDropSpread);
    m_volume = design.internalVolumeLitres * random.normal(1.0, params.volumeSpread);
    const double logLeak =
        random.uniform(std::log(params.goodLeakLitresPerSecondMin), std::log(params.goodLeakLitresPerSecondMax));
    m_leak = std::exp(logLeak);
    m_arrivalOffset = random.normal(0.0, params.arrivalSpreadC);
    m_referenceFlow = design.referenceFlowLitresPerMinute;
    m_flowExponent = design.flowExponent;
    m_dpExponent = design.pressureDropExponent;

    // The largest leak wins: a unit with two leaks leaks like its worst one.
    if (has(m_defects, ColdPlateDefect::SmallLeak))
        m_leak = std::max(m_leak, params.smallLeakLitresPerSecond);
    if (has(m_defects, ColdPlateDefect::LargeLeak))
        m_leak = std::max(m_leak, params.largeLeakLitresPerSecond);
    if (has(m_defects, ColdPlateDefect::GrossLeak))
        m_leak = std::max(m_leak, params.grossLeakLitresPerSecond);
    if (has(m_defects, ColdPlateDefect::BlockedChannel)) {
        m_dpAtReference *= params.blockedDpFactor;
        m_convection *= params.blockedConvectionFactor;
    }
    if (has(m_defects, ColdPlateDefect::PoorTim))
        m_base *= params.poorTimFactor;
}

double ColdPlatePart::relativeViscosity(double coolantC) {
    return std::exp(-kViscosityPerKelvin * (coolantC - 25.0));
}

double ColdPlatePart::thermalResistance(double litresPerMinute, double coolantC) const {
    const double flow = std::max(litresPerMinute, 1e-6);
    return m_base + m_convection * std::pow(flow / m_referenceFlow, -m_flowExponent) *
                        std::pow(relativeViscosity(coolantC), 0.4);
}

double ColdPlatePart::pressureDropKpa(double litresPerMinute, double coolantC) const {
    if (litresPerMinute <= 0.0)
        return 0.0;
    return m_dpAtReference * std::pow(litresPerMinute / m_referenceFlow, m_dpExponent) *
           std::pow(relativeViscosity(coolantC), 0.25);
}

} // namespace optiqual::instruments::sim
