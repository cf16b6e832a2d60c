#include "instruments/sim/devices/FixtureErrors.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"

#include <cmath>
#include <string>

namespace optiqual::instruments::sim::fixture {

void throwForStatus(CmisStatus status) {
    switch (status) {
    case CmisStatus::Ok:
    case CmisStatus::ReadOnlyIgnored:
        return;
    case CmisStatus::NotPresent:
        throw ScpiError(kModuleNotPresent, kModuleNotPresentText);
    case CmisStatus::NotPowered:
        throw ScpiError(kModuleNotPowered, kModuleNotPoweredText);
    case CmisStatus::Busy:
        throw ScpiError(kCmisNack, kCmisNackText);
    case CmisStatus::InvalidAddress:
        throw ScpiError(kPageNotImplemented, kPageNotImplementedText);
    }
    throw ScpiError(kCmisNack, kCmisNackText);
}

int integerParam(const ScpiContext& c, std::size_t index, std::string_view name, int min, int max) {
    static constexpr NumberSpec kAny{"", -1e12, 1e12, 0};
    const double value = std::round(c.number(index, kAny));
    if (value < min || value > max) {
        const bool low = value < min;
        throw ScpiError(kDataOutOfRange, std::string(name) + " " + formatNr1(static_cast<long long>(value)) +
                                             (low ? " < " : " > ") + std::to_string(low ? min : max));
    }
    return static_cast<int>(value);
}

} // namespace optiqual::instruments::sim::fixture
