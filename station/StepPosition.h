#pragma once
#include "station/Events.h"

#include <string>
#include <string_view>
#include <vector>

namespace optiqual::station {

/// @brief Where a step is, as a reader says it: the top-level step, each loop's value with its unit, each call,
/// then the step itself — {"Temperature corners", "70 °C", "52 V", "Input power"}. Setup and cleanup steps
/// start with "Setup" / "Cleanup"; main's steps need no prefix.
std::vector<std::string> stepPosition(const std::string& path, const std::vector<StepFrame>& frames,
                                      const std::string& name);

/// @brief A unit symbol as people write it: "degC" → "°C", "degC/min" → "°C/min"; others unchanged.
std::string displayUnit(std::string_view symbol);

/// @brief A number with its unit for display: "70 °C", "52 V", "0.5" (no unit).
std::string withUnit(double value, std::string_view unit, int precision = -1);

} // namespace optiqual::station
