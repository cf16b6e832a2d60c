#include "station/Telemetry.h"

namespace optiqual::station {

std::string_view toString(TelemetryQuantity q) {
    switch (q) {
    case TelemetryQuantity::Chamber:
        return "chamber";
    case TelemetryQuantity::Coolant:
        return "coolant";
    case TelemetryQuantity::Case:
        return "case";
    case TelemetryQuantity::SupplyCurrent:
        return "supply current";
    }
    return "?";
}

std::string_view unitOf(TelemetryQuantity q) {
    return q == TelemetryQuantity::SupplyCurrent ? "A" : "\u00b0C";
}

} // namespace optiqual::station
