#include "core/Units.h"

#include <cmath>
#include <limits>

namespace optiqual::core {

double wattsToDbm(double watts) {
    if (watts <= 0.0)
        return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(watts * 1e3);
}

double dbmToWatts(double dbm) { return std::pow(10.0, dbm / 10.0) * 1e-3; }

double ratioToDb(double ratio) {
    if (ratio <= 0.0)
        return -std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(ratio);
}

double dbToRatio(double db) { return std::pow(10.0, db / 10.0); }

} // namespace optiqual::core
