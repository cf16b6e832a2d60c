#pragma once
#include "sequences/Verdict.h"

namespace optiqual::ui {

/// @brief An sRGB colour, 8 bits a channel: what the panel draws and what a screenshot test looks for.
struct Rgb {
    unsigned char r = 0, g = 0, b = 0;
    constexpr bool operator==(const Rgb&) const = default;
};

/// @brief The verdict colours, readable from two metres: saturated fills with white text.
constexpr Rgb kPassGreen{0x1b, 0x8a, 0x3c};
constexpr Rgb kFailRed{0xc6, 0x28, 0x28};
constexpr Rgb kErrorPurple{0x7b, 0x1f, 0xa2};
constexpr Rgb kAbortedAmber{0xd9, 0x77, 0x06};
constexpr Rgb kRunningBlue{0x15, 0x65, 0xc0};
constexpr Rgb kIdleGrey{0x45, 0x4a, 0x54};
constexpr Rgb kWhite{0xff, 0xff, 0xff};

/// @brief The fill of a verdict box: PASS green, FAIL red, ERROR purple, ABORTED/TERMINATED amber, else grey.
constexpr Rgb verdictColor(sequences::Verdict v) {
    switch (v) {
    case sequences::Verdict::Pass:
        return kPassGreen;
    case sequences::Verdict::Fail:
        return kFailRed;
    case sequences::Verdict::Error:
        return kErrorPurple;
    case sequences::Verdict::Aborted:
    case sequences::Verdict::Terminated:
        return kAbortedAmber;
    default:
        return kIdleGrey;
    }
}

/// @brief A verdict as text on the panel's dark background: the bright tones of the measurement table.
constexpr Rgb verdictTextColor(sequences::Verdict v) {
    switch (v) {
    case sequences::Verdict::Pass:
        return Rgb{0x4c, 0xd9, 0x64};
    case sequences::Verdict::Fail:
        return Rgb{0xff, 0x5c, 0x5c};
    case sequences::Verdict::Error:
        return Rgb{0xc0, 0x7c, 0xf0};
    case sequences::Verdict::Aborted:
    case sequences::Verdict::Terminated:
        return Rgb{0xf5, 0xa5, 0x3c};
    default:
        return Rgb{0xc8, 0xc8, 0xc8};
    }
}

} // namespace optiqual::ui
