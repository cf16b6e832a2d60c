#include "station/StepPosition.h"

#include <fmt/format.h>

namespace optiqual::station {

std::vector<std::string> stepPosition(const std::string& path, const std::vector<StepFrame>& frames,
                                      const std::string& name) {
    std::vector<std::string> out;
    const std::string root = path.substr(0, path.find('/'));
    if (root == "setup")
        out.emplace_back("Setup");
    else if (root == "cleanup")
        out.emplace_back("Cleanup");
    for (std::size_t i = 0; i < frames.size(); ++i) {
        const StepFrame& f = frames[i];
        // The outermost container says what is going on; inner loops are told by their values alone, the way
        // people say "70 °C, 52 V".
        if (i == 0 || f.variable.empty())
            out.push_back(f.step);
        if (!f.variable.empty())
            out.push_back(f.unit.empty() ? f.variable + " " + f.value : f.value + " " + displayUnit(f.unit));
    }
    out.push_back(name);
    return out;
}

std::string displayUnit(std::string_view symbol) {
    if (symbol.substr(0, 3) == "deg")
        return "°" + std::string(symbol.substr(3));
    return std::string(symbol);
}

std::string withUnit(double value, std::string_view unit, int precision) {
    std::string number = precision < 0 ? fmt::format("{:g}", value) : fmt::format("{:.{}f}", value, precision);
    if (unit.empty())
        return number;
    return number + " " + displayUnit(unit);
}

} // namespace optiqual::station
