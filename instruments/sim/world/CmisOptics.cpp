#include "instruments/sim/world/CmisOptics.h"

#include "core/Units.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace optiqual::instruments::sim {

namespace {

constexpr double kReferenceTemperatureC = 25.0;
constexpr double kMaxBer = 0.5;

double dbmToMilliWatt(double dbm) {
    return core::dbmToWatts(dbm) * 1e3;
}

} // namespace

double laserThresholdMilliAmp(double thresholdMilliAmpAt25, double temperatureC, double characteristicTemperatureK) {
    return thresholdMilliAmpAt25 * std::exp((temperatureC - kReferenceTemperatureC) / characteristicTemperatureK);
}

double laserSlopeWattsPerAmp(double slopeWattsPerAmpAt25, double temperatureC, double coefficientPerK) {
    return std::max(0.0, slopeWattsPerAmpAt25 * (1.0 - coefficientPerK * (temperatureC - kReferenceTemperatureC)));
}

LaserOperatingPoint apcOperatingPoint(double thresholdMilliAmp, double slopeWattsPerAmp, double targetMilliWatt,
                                      double maxBiasMilliAmp) {
    // mW / (W/A) = mA, so the units work out without scaling.
    if (slopeWattsPerAmp <= 0.0)
        return {maxBiasMilliAmp, 0.0, true};
    const double needed = thresholdMilliAmp + targetMilliWatt / slopeWattsPerAmp;
    if (needed <= maxBiasMilliAmp)
        return {needed, targetMilliWatt, false};
    const double output = std::max(0.0, slopeWattsPerAmp * (maxBiasMilliAmp - thresholdMilliAmp));
    return {maxBiasMilliAmp, output, true};
}

double omaMilliWatt(double averageMilliWatt, double extinctionRatioDb) {
    const double r = std::pow(10.0, extinctionRatioDb / 10.0);
    return 2.0 * averageMilliWatt * (r - 1.0) / (r + 1.0);
}

double pam4BerFromQ(double q) {
    return std::min(kMaxBer, 0.75 * std::erfc(std::max(0.0, q) / std::numbers::sqrt2));
}

double pam4QFromBer(double ber) {
    double low = 0.0;   // BER 0.5 (capped)
    double high = 40.0; // BER far below any double's resolution of interest
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (low + high);
        if (pam4BerFromQ(mid) > ber)
            low = mid;
        else
            high = mid;
    }
    return 0.5 * (low + high);
}

double receiverBer(const ReceiverWaterfall& receiver, double averageDbm, double extinctionRatioDb) {
    const double averageMilliWatt = dbmToMilliWatt(averageDbm);
    if (!(averageMilliWatt > 0.0))
        return kMaxBer;
    const double qAtSensitivity = pam4QFromBer(receiver.sensitivityBer);
    // The optical Q needed at the sensitivity point once the nominal floor takes its share of the noise.
    double opticalQAtSensitivity = qAtSensitivity;
    if (receiver.nominalFloorQ > qAtSensitivity)
        opticalQAtSensitivity = 1.0 / std::sqrt(1.0 / (qAtSensitivity * qAtSensitivity) -
                                                1.0 / (receiver.nominalFloorQ * receiver.nominalFloorQ));
    const double opticalQ = opticalQAtSensitivity * omaMilliWatt(averageMilliWatt, extinctionRatioDb) /
                            dbmToMilliWatt(receiver.sensitivityOmaDbm);
    if (!(opticalQ > 0.0))
        return kMaxBer;
    const double q = 1.0 / std::sqrt(1.0 / (opticalQ * opticalQ) + 1.0 / (receiver.floorQ * receiver.floorQ));
    return pam4BerFromQ(q);
}

} // namespace optiqual::instruments::sim
