#include "sequences/SerialNumber.h"

#include "sequences/Sequence.h"

#include <fmt/format.h>
#include <regex>

namespace optiqual::sequences {

std::optional<std::string> serialProblem(std::string_view serial) {
    if (serial.empty())
        return "the serial number is empty";
    if (serial.size() > kMaxSerialLength)
        return fmt::format("the serial number is {} characters long (at most {})", serial.size(), kMaxSerialLength);
    for (std::size_t i = 0; i < serial.size(); ++i) {
        const auto c = static_cast<unsigned char>(serial[i]);
        if (c < 0x20 || c > 0x7E)
            return fmt::format("the serial number has a non-printable character (byte 0x{:02X}) at position {}", c,
                               i + 1);
    }
    if (serial.front() == ' ' || serial.back() == ' ')
        return "the serial number starts or ends with a space";
    return std::nullopt;
}

std::optional<std::string> serialProblem(std::string_view serial, const Sequence& sequence,
                                         std::string_view partNumber) {
    if (auto problem = serialProblem(serial))
        return problem;
    const auto it = sequence.serialPatterns.find(std::string(partNumber));
    if (it == sequence.serialPatterns.end())
        return std::nullopt;
    // The loader compiled it once already: a pattern that does not compile never gets here.
    const std::regex pattern(it->second, std::regex::ECMAScript);
    if (!std::regex_match(serial.begin(), serial.end(), pattern))
        return fmt::format("the serial number does not match part {}'s serial pattern {}", partNumber, it->second);
    return std::nullopt;
}

} // namespace optiqual::sequences
