#include "instruments/sim/scpi/ScpiError.h"

#include <algorithm>
#include <array>
#include <utility>

namespace optiqual::instruments::sim {
namespace {

struct StandardError {
    int code;
    std::string_view text;
};

// SCPI-99 volume 2, chapter 21 texts. Sorted by descending code so lower_bound can search it.
constexpr std::array kStandardErrors{
    StandardError{-100, "Command error"},
    StandardError{-101, "Invalid character"},
    StandardError{-102, "Syntax error"},
    StandardError{-103, "Invalid separator"},
    StandardError{-104, "Data type error"},
    StandardError{-105, "GET not allowed"},
    StandardError{-108, "Parameter not allowed"},
    StandardError{-109, "Missing parameter"},
    StandardError{-110, "Command header error"},
    StandardError{-111, "Header separator error"},
    StandardError{-112, "Program mnemonic too long"},
    StandardError{-113, "Undefined header"},
    StandardError{-114, "Header suffix out of range"},
    StandardError{-120, "Numeric data error"},
    StandardError{-121, "Invalid character in number"},
    StandardError{-123, "Exponent too large"},
    StandardError{-124, "Too many digits"},
    StandardError{-128, "Numeric data not allowed"},
    StandardError{-130, "Suffix error"},
    StandardError{-131, "Invalid suffix"},
    StandardError{-134, "Suffix too long"},
    StandardError{-138, "Suffix not allowed"},
    StandardError{-140, "Character data error"},
    StandardError{-141, "Invalid character data"},
    StandardError{-144, "Character data too long"},
    StandardError{-148, "Character data not allowed"},
    StandardError{-150, "String data error"},
    StandardError{-151, "Invalid string data"},
    StandardError{-158, "String data not allowed"},
    StandardError{-160, "Block data error"},
    StandardError{-161, "Invalid block data"},
    StandardError{-168, "Block data not allowed"},
    StandardError{-170, "Expression error"},
    StandardError{-200, "Execution error"},
    StandardError{-201, "Invalid while in local"},
    StandardError{-203, "Command protected"},
    StandardError{-210, "Trigger error"},
    StandardError{-211, "Trigger ignored"},
    StandardError{-212, "Arm ignored"},
    StandardError{-213, "Init ignored"},
    StandardError{-214, "Trigger deadlock"},
    StandardError{-215, "Arm deadlock"},
    StandardError{-220, "Parameter error"},
    StandardError{-221, "Settings conflict"},
    StandardError{-222, "Data out of range"},
    StandardError{-223, "Too much data"},
    StandardError{-224, "Illegal parameter value"},
    StandardError{-225, "Out of memory"},
    StandardError{-226, "Lists not same length"},
    StandardError{-230, "Data corrupt or stale"},
    StandardError{-231, "Data questionable"},
    StandardError{-240, "Hardware error"},
    StandardError{-241, "Hardware missing"},
    StandardError{-250, "Mass storage error"},
    StandardError{-261, "Math error in expression"},
    StandardError{-300, "Device specific error"},
    StandardError{-310, "System error"},
    StandardError{-311, "Memory error"},
    StandardError{-315, "Configuration memory lost"},
    StandardError{-321, "Out of memory"},
    StandardError{-330, "Self-test failed"},
    StandardError{-340, "Calibration failed"},
    StandardError{-350, "Queue overflow"},
    StandardError{-360, "Communication error"},
    StandardError{-363, "Input buffer overrun"},
    StandardError{-400, "Query error"},
    StandardError{-410, "Query INTERRUPTED"},
    StandardError{-420, "Query UNTERMINATED"},
    StandardError{-430, "Query DEADLOCKED"},
    StandardError{-440, "Query UNTERMINATED after indefinite response"},
    StandardError{-500, "Power on"},
    StandardError{-600, "User request"},
    StandardError{-700, "Request control"},
    StandardError{-800, "Operation complete"},
};

static_assert(std::is_sorted(kStandardErrors.begin(), kStandardErrors.end(),
                             [](const StandardError& a, const StandardError& b) { return a.code > b.code; }));

std::string buildWhat(int code, const std::string& text, const std::string& detail) {
    std::string what = std::to_string(code) + ",\"" + text;
    if (!detail.empty()) {
        what += ';';
        what += detail;
    }
    what += '"';
    return what;
}

} // namespace

std::string_view standardErrorText(int code) {
    if (code == 0) {
        return "No error";
    }
    const auto* it = std::lower_bound(kStandardErrors.begin(), kStandardErrors.end(), code,
                                      [](const StandardError& e, int c) { return e.code > c; });
    if (it != kStandardErrors.end() && it->code == code) {
        return it->text;
    }
    if (code <= -100 && code >= -199) {
        return "Command error";
    }
    if (code <= -200 && code >= -299) {
        return "Execution error";
    }
    if (code <= -400 && code >= -499) {
        return "Query error";
    }
    return "Device specific error";
}

int esrBitForErrorCode(int code) {
    if (code > 0) {
        return 1 << 3;
    }
    if (code <= -1000) {
        return 0; // also keeps -code from overflowing
    }
    switch (-code / 100) {
    case 1:
        return 1 << 5;
    case 2:
        return 1 << 4;
    case 3:
        return 1 << 3;
    case 4:
        return 1 << 2;
    case 5:
        return 1 << 7;
    case 6:
        return 1 << 6;
    case 7:
        return 1 << 1;
    case 8:
        return 1 << 0;
    default:
        return 0;
    }
}

ScpiError::ScpiError(int code, std::string detail) : m_code(code), m_text(standardErrorText(code)) {
    if (code > 0 && !detail.empty()) {
        m_text = std::move(detail);
    } else {
        m_detail = std::move(detail);
    }
    m_what = buildWhat(m_code, m_text, m_detail);
}

} // namespace optiqual::instruments::sim
