#include "db/Statistics.h"

#include <algorithm>
#include <cmath>

namespace optiqual::db {

Capability computeCapability(const std::vector<double>& x, std::optional<double> lsl, std::optional<double> usl) {
    Capability c;
    c.n = x.size();
    if (x.empty())
        return c;
    double sum = 0;
    for (double v : x)
        sum += v;
    c.mean = sum / static_cast<double>(x.size());
    double ss = 0, mr = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        ss += (x[i] - c.mean) * (x[i] - c.mean);
        if (i > 0)
            mr += std::abs(x[i] - x[i - 1]);
    }
    if (x.size() > 1) {
        c.sigmaOverall = std::sqrt(ss / static_cast<double>(x.size() - 1));
        c.sigmaWithin = mr / static_cast<double>(x.size() - 1) / kD2;
    }
    auto index = [](double distance, double sigma) -> std::optional<double> {
        if (sigma <= 0)
            return std::nullopt;
        return distance / (3 * sigma);
    };
    auto minIndex = [&](double sigma) -> std::optional<double> {
        std::optional<double> best;
        if (usl)
            best = index(*usl - c.mean, sigma);
        if (lsl) {
            auto lower = index(c.mean - *lsl, sigma);
            if (lower && (!best || *lower < *best))
                best = lower;
        }
        return best;
    };
    if (lsl && usl) {
        if (c.sigmaWithin > 0)
            c.cp = (*usl - *lsl) / (6 * c.sigmaWithin);
        if (c.sigmaOverall > 0)
            c.pp = (*usl - *lsl) / (6 * c.sigmaOverall);
    }
    c.cpk = minIndex(c.sigmaWithin);
    c.ppk = minIndex(c.sigmaOverall);

    // "Near" a limit: inside it by less than 10 % of the tolerance (two-sided) or of one σ overall (one-sided).
    const double margin = lsl && usl ? 0.1 * (*usl - *lsl) : c.sigmaOverall;
    std::size_t near = 0;
    for (double v : x) {
        const bool out = (lsl && v < *lsl) || (usl && v > *usl);
        if (out) {
            ++c.outside;
            continue;
        }
        if ((lsl && v - *lsl <= margin) || (usl && *usl - v <= margin))
            ++near;
    }
    if (lsl || usl)
        c.nearLimitShare = static_cast<double>(near) / static_cast<double>(x.size());
    return c;
}

std::vector<std::uint8_t> westernElectric(const std::vector<double>& x, double center, double sigma) {
    std::vector<std::uint8_t> flags(x.size(), 0);
    if (sigma <= 0)
        return flags;
    // z-scores; the side is +1 above the centre line, -1 below.
    std::vector<double> z(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        z[i] = (x[i] - center) / sigma;
    auto countBeyond = [&](std::size_t end, std::size_t window, double k, int side) {
        int count = 0;
        for (std::size_t j = end + 1 - window; j <= end; ++j)
            if (side * z[j] > k)
                ++count;
        return count;
    };
    int run = 0, runSide = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::abs(z[i]) > 3)
            flags[i] |= 1;
        for (int side : {1, -1}) {
            if (i >= 2 && side * z[i] > 2 && countBeyond(i, 3, 2, side) >= 2)
                flags[i] |= 2;
            if (i >= 4 && side * z[i] > 1 && countBeyond(i, 5, 1, side) >= 4)
                flags[i] |= 4;
        }
        const int s = z[i] > 0 ? 1 : (z[i] < 0 ? -1 : 0);
        if (s != 0 && s == runSide)
            ++run;
        else {
            run = s != 0 ? 1 : 0;
            runSide = s;
        }
        if (run >= 8)
            flags[i] |= 8;
    }
    return flags;
}

} // namespace optiqual::db
