#pragma once
#include <array>
#include <cmath>
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

/// @brief computeCapability() in passes over the values, for a series streamed from the database rather than
/// held in memory. Pass 1 gives n, the mean and the moving range; pass 2 the spread and, with two limits, the
/// share near them; with one limit "near" is measured in σ overall, known only after pass 2, hence pass 3.
/// Feed every value in time order to each pass that is needed; the arithmetic is computeCapability()'s own.
class CapabilityPasses {
public:
    CapabilityPasses(std::optional<double> lsl, std::optional<double> usl);
    int passesNeeded() const;
    // The passes are called once per value (tens of millions over a year): defined here so they inline.
    void first(double x) {
        if (m_c.n > 0)
            m_mr += std::abs(x - m_previous);
        m_previous = x;
        m_sum += x;
        ++m_c.n;
    }
    void second(double x) {
        if (!m_meanKnown) {
            m_mean = m_sum / static_cast<double>(m_c.n);
            m_meanKnown = true;
        }
        m_ss += (x - m_mean) * (x - m_mean);
        if (m_lsl && m_usl)
            judge(x, 0.1 * (*m_usl - *m_lsl));
    }
    void third(double x);
    Capability result() const;

private:
    void judge(double x, double margin) {
        const bool out = (m_lsl && x < *m_lsl) || (m_usl && x > *m_usl);
        if (out) {
            ++m_c.outside;
            return;
        }
        if ((m_lsl && x - *m_lsl <= margin) || (m_usl && *m_usl - x <= margin))
            ++m_near;
    }

    std::optional<double> m_lsl, m_usl;
    Capability m_c;
    double m_sum = 0, m_ss = 0, m_mr = 0, m_previous = 0, m_mean = 0;
    bool m_meanKnown = false;
    std::size_t m_near = 0;
};

Capability computeCapability(const std::vector<double>& values, std::optional<double> lsl, std::optional<double> usl);

/// @brief Western Electric rules (Montgomery) point by point, as bits: 1 one point beyond 3σ; 2 two of three
/// beyond 2σ on the same side; 4 four of five beyond 1σ on the same side; 8 eight in a row on one side of the
/// centre line. A rule marks the point that completes the pattern. Streams: keeps only the last five points.
class WesternElectric {
public:
    WesternElectric(double center, double sigma);
    /// @brief The rule bits of the next point. Defined here so that it inlines into a scan's loop.
    std::uint8_t next(double x) {
        if (m_sigma <= 0)
            return 0;
        const std::size_t i = m_i++;
        const double z = (x - m_center) / m_sigma;
        // The last five z-scores, newest last: a shift of four doubles per point.
        m_z[0] = m_z[1];
        m_z[1] = m_z[2];
        m_z[2] = m_z[3];
        m_z[3] = m_z[4];
        m_z[4] = z;
        std::uint8_t flags = 0;
        if (std::abs(z) > 3)
            flags |= 1;
        if (std::abs(z) > 1) { // rules 2 and 3 need this point beyond 1σ at least, on its own side
            const double side = z > 0 ? 1 : -1;
            if (i >= 2 && side * z > 2 && (side * m_z[2] > 2) + (side * m_z[3] > 2) + 1 >= 2)
                flags |= 2;
            if (i >= 4 &&
                (side * m_z[0] > 1) + (side * m_z[1] > 1) + (side * m_z[2] > 1) + (side * m_z[3] > 1) + 1 >= 4)
                flags |= 4;
        }
        const int s = z > 0 ? 1 : (z < 0 ? -1 : 0);
        if (s != 0 && s == m_runSide) {
            ++m_run;
        } else {
            m_run = s != 0 ? 1 : 0;
            m_runSide = s;
        }
        if (m_run >= 8)
            flags |= 8;
        return flags;
    }

private:
    double m_center, m_sigma;
    std::array<double, 5> m_z{}; // z-scores of the last five points, the newest last
    std::size_t m_i = 0;
    int m_run = 0, m_runSide = 0;
};

/// @brief WesternElectric over a whole series.
std::vector<std::uint8_t> westernElectric(const std::vector<double>& values, double center, double sigma);

} // namespace optiqual::db
