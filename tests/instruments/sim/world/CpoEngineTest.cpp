// The simulated CPO engine and its ELSFP: the same serial is the same unit, its physics follows the relations it
// claims (heater power to lock grows with the ring's offset, photocurrent is R·P·10^(−CL/10) + dark, BER falls with
// light), its defects move what they should, and over many serials the defect-free fraction is Π(1 − p).
#include "instruments/sim/world/CpoEngine.h"

#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual::instruments::sim;

namespace {

/// The heater power (mW) at which ring @p channel sits on its laser: the detuning is linear in the heater.
double lockHeaterMw(const CpoEngine& engine, int channel, double dieC) {
    const double d0 = engine.ringDetuningNm(channel, dieC, 0.0);
    const double d1 = engine.ringDetuningNm(channel, dieC, 1.0);
    return d0 / (d0 - d1);
}

} // namespace

TEST(CpoEngine, TheSameSerialIsTheSameEngine) {
    CpoEngineParams params;
    params.seed = 3;
    const CpoEngine a("CPO-1", "CPO-6T4-DR8", params);
    const CpoEngine b("CPO-1", "CPO-6T4-DR8", params);
    const CpoEngine c("CPO-2", "CPO-6T4-DR8", params);
    EXPECT_EQ(a.couplingLossDb(5), b.couplingLossDb(5));
    EXPECT_EQ(a.defects(), b.defects());
    EXPECT_NE(a.couplingLossDb(5), c.couplingLossDb(5));
}

TEST(CpoEngine, HeaterPowerToLockGrowsWithTheRingsOffsetAndFallsWithTemperature) {
    const CpoEngine engine("CPO-G", "", CpoEngineParams{}, std::vector<CpoDefect>{});
    const CpoEngineParams& p = engine.params();
    for (int c = 0; c < CpoEngine::kChannels; ++c) {
        const double offset = engine.ringDetuningNm(c, 45.0, 0.0);
        const double heater = lockHeaterMw(engine, c, 45.0);
        EXPECT_GT(offset, 0.0) << "rings are made blue of their laser";
        EXPECT_NEAR(engine.ringDetuningNm(c, 45.0, heater), 0.0, 1e-9);
        EXPECT_NEAR(engine.ringDrop(c, 45.0, heater), p.ringDropPeak, 1e-9) << "on resonance";
        EXPECT_LT(heater, p.heaterMaxMw);
        // 10 K warmer: the ring drifts 0.8 nm red, and needs that much less heat.
        EXPECT_NEAR(heater - lockHeaterMw(engine, c, 55.0), 10.0 * p.ringDriftNmPerK / (offset / heater), 1e-6);
    }
}

TEST(CpoEngine, PhotocurrentIsResponsivityTimesLightAtThePhotodiodePlusDark) {
    const CpoEngine engine("CPO-G", "", CpoEngineParams{}, std::vector<CpoDefect>{});
    for (int c = 0; c < CpoEngine::kChannels; ++c) {
        const double dark = engine.photocurrentAmps(c, 0.0, 45.0);
        EXPECT_NEAR(dark, engine.darkCurrentAmps(c, 45.0), 1e-18);
        EXPECT_NEAR(engine.darkCurrentAmps(c, 55.0) / engine.darkCurrentAmps(c, 45.0), 2.0, 1e-9);
        const double watts = 4e-4;
        EXPECT_NEAR(engine.photocurrentAmps(c, watts, 45.0) - dark,
                    engine.responsivity(c) * watts * std::pow(10.0, -engine.couplingLossDb(c) / 10.0), 1e-15);
        EXPECT_LT(engine.ber(c, 4e-4, 4.5), engine.ber(c, 2e-4, 4.5)) << "more light, fewer errors";
    }
}

TEST(CpoEngine, EachDefectMovesWhatItShould) {
    const CpoEngineParams params;
    const CpoEngine good("CPO-X", "", params, std::vector<CpoDefect>{});
    const auto with = [&](CpoDefect d) { return CpoEngine("CPO-X", "", params, std::vector<CpoDefect>{d}); };

    const CpoEngine coupling = with(CpoDefect::HighCouplingLoss);
    const int c = coupling.defectSite(CpoDefect::HighCouplingLoss);
    ASSERT_GE(c, 0);
    EXPECT_NEAR(coupling.couplingLossDb(c) - good.couplingLossDb(c), params.highCouplingLossDb, 1e-12);

    const CpoEngine ring = with(CpoDefect::RingOutOfRange);
    const int r = ring.defectSite(CpoDefect::RingOutOfRange);
    double best = 0.0;
    for (double mw = 0.0; mw <= params.heaterMaxMw; mw += 0.2)
        best = std::max(best, ring.ringDrop(r, 45.0, mw));
    EXPECT_LT(best, 0.05 * params.ringDropPeak) << "no resonance within the heater's reach";

    const CpoEngine pd = with(CpoDefect::DeadPhotodiode);
    EXPECT_LT(pd.responsivity(pd.defectSite(CpoDefect::DeadPhotodiode)), 0.01);

    const double target = std::pow(10.0, params.laserTargetDbm / 10.0) * 1e-3;
    const CpoEngine weak = with(CpoDefect::WeakLaser);
    const int w = weak.defectSite(CpoDefect::WeakLaser);
    EXPECT_DOUBLE_EQ(weak.laserBiasAmps(w, target), params.laserMaxBiasAmps) << "its APC runs out of bias";
    EXPECT_LT(10.0 * std::log10(weak.laserWatts(w, params.laserMaxBiasAmps) * 1e3), 18.5);

    const CpoEngine aged = with(CpoDefect::LaserEndOfLife);
    const int e = aged.defectSite(CpoDefect::LaserEndOfLife);
    EXPECT_GT(aged.laserBiasAmps(e, target), 0.45) << "past the end-of-life warning";
    EXPECT_GE(10.0 * std::log10(aged.laserWatts(e, aged.laserBiasAmps(e, target)) * 1e3), 18.5) << "but bright";
    for (int k = 0; k < CpoEngine::kLasers; ++k)
        EXPECT_LT(good.laserBiasAmps(k, target), 0.45);
}

TEST(CpoEngine, DefectFreeFractionIsTheProductOfOneMinusEachRate) {
    CpoEngineParams params;
    params.seed = 9;
    double expected = 1.0;
    for (std::size_t i = 1; i < kCpoDefectCount; ++i)
        expected *= 1.0 - params.defectProbability(static_cast<CpoDefect>(i));
    int clean = 0;
    const int n = 20000;
    for (int i = 0; i < n; ++i)
        clean += CpoEngine::drawDefects("CPO" + std::to_string(i), params).empty() ? 1 : 0;
    EXPECT_NEAR(double(clean) / n, expected, 0.01);
}
