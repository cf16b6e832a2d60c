#pragma once

namespace optiqual::instruments::sim {

/// @brief Laser threshold current at @p temperatureC: I_th = I0·exp(T/T0), written relative to 25 °C as
/// I_th(25 °C)·exp((T − 25)/T0) so that the parameter is the datasheet value.
double laserThresholdMilliAmp(double thresholdMilliAmpAt25, double temperatureC, double characteristicTemperatureK);

/// @brief Slope efficiency (W/A) at @p temperatureC, falling linearly by @p coefficientPerK per kelvin above 25 °C.
double laserSlopeWattsPerAmp(double slopeWattsPerAmpAt25, double temperatureC, double coefficientPerK);

/// @brief What automatic power control settles at: the bias that gives @p targetMilliWatt, or the bias limit and
/// the (lower) power it gives when the target needs more current than the driver has.
struct LaserOperatingPoint {
    double biasMilliAmp;
    double outputMilliWatt;
    bool biasLimited;
};

/// @brief Solves P = η(T)·(I − I_th(T)) for I under the limit @p maxBiasMilliAmp.
LaserOperatingPoint apcOperatingPoint(double thresholdMilliAmp, double slopeWattsPerAmp, double targetMilliWatt,
                                      double maxBiasMilliAmp);

/// @brief Optical modulation amplitude of a signal with average power @p averageMilliWatt and extinction ratio
/// @p extinctionRatioDb: OMA = 2·P_avg·(r − 1)/(r + 1), r = 10^(ER/10).
double omaMilliWatt(double averageMilliWatt, double extinctionRatioDb);

/// @brief PAM4 bit-error ratio (Gray coded) at eye Q-factor @p q: 3/4·erfc(Q/√2), capped at 0.5.
double pam4BerFromQ(double q);
/// @brief The inverse of pam4BerFromQ() for 0 < @p ber < 0.5 (bisection).
double pam4QFromBer(double ber);

/// @brief A receiver's waterfall: Q grows linearly with OMA (thermal-noise limited) and adds in quadrature with an
/// error-floor Q from non-optical impairments: 1/Q² = 1/Q_opt² + 1/Q_floor².
///
/// Q_opt is calibrated so that a receiver with the *nominal* floor reaches @p sensitivityBer exactly at
/// @p sensitivityOmaDbm; @p floorQ is the floor this lane actually has (lower for a defective lane).
struct ReceiverWaterfall {
    double sensitivityOmaDbm;
    double sensitivityBer;
    double nominalFloorQ;
    double floorQ;
};

/// @brief BER for average input power @p averageDbm of light with extinction ratio @p extinctionRatioDb;
/// 0.5 without light.
double receiverBer(const ReceiverWaterfall& receiver, double averageDbm, double extinctionRatioDb);

/// @brief BER of an electrical channel with Q-factor @p q (the host-side loopback).
inline double electricalBer(double q) {
    return pam4BerFromQ(q);
}

} // namespace optiqual::instruments::sim
