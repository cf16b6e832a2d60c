#pragma once
#include <string>

/// @file Text pieces of power-supply commands, shared by the PSU drivers. Locale-independent.

namespace optiqual::instruments::psu {

/// @brief A number as a SCPI NRf argument, shortest form with up to 10 significant digits: `5`, `0.5`, `52.8`,
/// `1e-05`. (std::to_chars, so a decimal-comma locale cannot change it.)
std::string number(double value);

/// @brief `(@<channel>)`.
std::string channelList(int channel);

} // namespace optiqual::instruments::psu
