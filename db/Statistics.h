#pragma once
#include <cstdint>
#include <optional>
#include <vector>

namespace optiqual::db {

/// @brief Process capability of one measurement (values in time order).
/// σ within is the moving-range estimate MR̄/d2 (d2 = 1.128 for ranges of two); σ overall the sample standard
/// deviation. Cp and Pp need both limits; Cpk/Ppk use whichever limits exist (docs/results-schema.md).
struct Capability {
    std::size_t n = 0;
    double mean = 0;
    double sigmaWithin = 0;
    double sigmaOverall = 0;
    std::optional<double> cp, cpk, pp, ppk;
    double nearLimitShare = 0; ///< share of values inside the limits but within 10 % of the tolerance of one
    std::size_t outside = 0;   ///< values outside the limits
};

/// @brief The d2 constant for moving ranges of two consecutive values.
constexpr double kD2 = 1.128;
/// @brief Cpk below this is flagged (existing processes; new or critical ones want 1.67).
constexpr double kCpkTarget = 1.33;

Capability computeCapability(const std::vector<double>& values, std::optional<double> lsl, std::optional<double> usl);

/// @brief Western Electric rules (Montgomery), as bits of the value returned per point:
/// 1 one point beyond 3σ; 2 two of three beyond 2σ on the same side; 4 four of five beyond 1σ on the same side;
/// 8 eight in a row on one side of the centre line. A rule marks the point that completes the pattern.
std::vector<std::uint8_t> westernElectric(const std::vector<double>& values, double center, double sigma);

} // namespace optiqual::db
