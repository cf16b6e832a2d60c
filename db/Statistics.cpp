#include "db/Statistics.h"

#include <algorithm>
#include <cmath>

namespace optiqual::db {

CapabilityPasses::CapabilityPasses(std::optional<double> lsl, std::optional<double> usl) : m_lsl(lsl), m_usl(usl) {}

int CapabilityPasses::passesNeeded() const {
    if (m_c.n == 0)
        return 1;
    // With one limit, "near" is measured in σ overall, known only after the second pass.
    return (m_lsl || m_usl) && !(m_lsl && m_usl) ? 3 : 2;
}

void CapabilityPasses::third(double x) {
    const double overall = m_c.n > 1 ? std::sqrt(m_ss / static_cast<double>(m_c.n - 1)) : 0;
    judge(x, overall);
}

Capability CapabilityPasses::result() const {
    Capability c = m_c;
    if (c.n == 0)
        return c;
    c.mean = m_sum / static_cast<double>(c.n);
    if (c.n > 1) {
        c.sigmaOverall = std::sqrt(m_ss / static_cast<double>(c.n - 1));
        c.sigmaWithin = m_mr / static_cast<double>(c.n - 1) / kD2;
    }
    auto index = [](double distance, double sigma) -> std::optional<double> {
        if (sigma <= 0)
            return std::nullopt;
        return distance / (3 * sigma);
    };
    auto minIndex = [&](double sigma) -> std::optional<double> {
        std::optional<double> best;
        if (m_usl)
            best = index(*m_usl - c.mean, sigma);
        if (m_lsl) {
            auto lower = index(c.mean - *m_lsl, sigma);
            if (lower && (!best || *lower < *best))
                best = lower;
        }
        return best;
    };
    if (m_lsl && m_usl) {
        if (c.sigmaWithin > 0)
            c.cp = (*m_usl - *m_lsl) / (6 * c.sigmaWithin);
        if (c.sigmaOverall > 0)
            c.pp = (*m_usl - *m_lsl) / (6 * c.sigmaOverall);
    }
    c.cpk = minIndex(c.sigmaWithin);
    c.ppk = minIndex(c.sigmaOverall);
    // "Near" a limit: inside it by less than 10 % of the tolerance (two-sided) or of one σ overall (one-sided).
    if (m_lsl || m_usl)
        c.nearLimitShare = static_cast<double>(m_near) / static_cast<double>(c.n);
    return c;
}

Capability computeCapability(const std::vector<double>& x, std::optional<double> lsl, std::optional<double> usl) {
    CapabilityPasses passes(lsl, usl);
    for (double v : x)
        passes.first(v);
    if (passes.passesNeeded() >= 2)
        for (double v : x)
            passes.second(v);
    if (passes.passesNeeded() >= 3)
        for (double v : x)
            passes.third(v);
    return passes.result();
}

WesternElectric::WesternElectric(double center, double sigma)
    : m_center(center), m_sigma(sigma), m_two(2 * sigma), m_three(3 * sigma) {}

std::vector<std::uint8_t> westernElectric(const std::vector<double>& x, double center, double sigma) {
    std::vector<std::uint8_t> flags;
    flags.reserve(x.size());
    WesternElectric rules(center, sigma);
    for (double v : x)
        flags.push_back(rules.next(v));
    return flags;
}

} // namespace optiqual::db
