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
/// centre line. A rule marks the point that completes the pattern. Streams: keeps only the last four points, as
/// bits.
class WesternElectric {
public:
    WesternElectric(double center, double sigma);
    /// @brief The rule bits of the next point. Defined here so that it inlines into a scan's loop: tens of millions
    /// of points per report, in no predictable pattern, so it has no data-dependent branch and keeps its history in
    /// one integer (a shifted array of doubles stalled on store-to-load forwarding, 11 % of a whole-history report).
    /// "Beyond kσ" is |x − centre| > k·σ.
    std::uint8_t next(double x) {
        if (m_sigma <= 0)
            return 0;
        const std::size_t i = m_i++;
        // Distances from the centre line against kσ, as the rules are written (no division: its latency was the
        // loop's critical path).
        const double d = x - m_center;
        const double ad = std::abs(d);
        // The previous four points, newest in the low nibble: bit 0 above +1σ, 1 above +2σ, 2 below −1σ, 3 below −2σ.
        // On this point's side, count the previous four beyond 1σ and the previous two beyond 2σ: each nibble adds
        // at most 1, so one multiplication sums them into the top nibble.
        const unsigned side = d > 0 ? m_history : m_history >> 2;
        const unsigned beyond1 = ((side & 0x1111U) * 0x1111U >> 12) & 0xFU;
        const unsigned beyond2 = (((side >> 1) & 0x11U) * 0x11U >> 4) & 0xFU;
        // Eight in a row on one side: the run grows while the sign holds (a point on the centre line ends it).
        // Arithmetic rather than branches: the data decide them at random.
        const int sign = static_cast<int>(d > 0) - static_cast<int>(d < 0);
        const int same = static_cast<int>(sign == m_runSide) & static_cast<int>(sign != 0);
        m_run = same * (m_run + 1) + (1 - same) * static_cast<int>(sign != 0);
        m_runSide = sign;
        const unsigned bits = static_cast<unsigned>(d > m_sigma) | static_cast<unsigned>(d > m_two) << 1 |
                              static_cast<unsigned>(d < -m_sigma) << 2 | static_cast<unsigned>(d < -m_two) << 3;
        m_history = ((m_history << 4) | bits) & 0xFFFFU;
        const unsigned rule2 =
            static_cast<unsigned>(i >= 2) & static_cast<unsigned>(ad > m_two) & static_cast<unsigned>(beyond2 >= 1);
        const unsigned rule3 =
            static_cast<unsigned>(i >= 4) & static_cast<unsigned>(ad > m_sigma) & static_cast<unsigned>(beyond1 >= 3);
        return static_cast<std::uint8_t>(static_cast<unsigned>(ad > m_three) | rule2 << 1 | rule3 << 2 |
                                         static_cast<unsigned>(m_run >= 8) << 3);
    }

private:
    double m_center, m_sigma, m_two, m_three; ///< σ, 2σ and 3σ
    unsigned m_history = 0;                   ///< the previous four points' side bits, a nibble each, the newest lowest
    std::size_t m_i = 0;
    int m_run = 0, m_runSide = 0;
};

/// @brief WesternElectric over a whole series.
std::vector<std::uint8_t> westernElectric(const std::vector<double>& values, double center, double sigma);

} // namespace optiqual::db
