#pragma once
#include <chrono>
#include <optional>

namespace optiqual::station {

/// @brief How long something still takes, in real (wall-clock) time, as far as it can honestly be said.
///
/// @c low is a bound that cannot be beaten: the waits and soaks the sequence spells out. @c high exists only when
/// every step involved is bounded (a timeout). @c typical comes from earlier runs of the same sequence version and
/// exists only when they cover every step involved. A view shows typical, else the bounds, else "unknown".
struct DurationEstimate {
    std::chrono::nanoseconds low{0};
    std::optional<std::chrono::nanoseconds> high;
    std::optional<std::chrono::nanoseconds> typical;

    DurationEstimate& operator+=(const DurationEstimate& other) {
        low += other.low;
        high = high && other.high ? std::optional(*high + *other.high) : std::nullopt;
        typical = typical && other.typical ? std::optional(*typical + *other.typical) : std::nullopt;
        return *this;
    }
    /// @brief What is left of this after @p spent has already passed (never below zero).
    DurationEstimate after(std::chrono::nanoseconds spent) const {
        auto less = [&](std::chrono::nanoseconds d) { return d > spent ? d - spent : std::chrono::nanoseconds{0}; };
        DurationEstimate left;
        left.low = less(low);
        if (high)
            left.high = less(*high);
        if (typical)
            left.typical = less(*typical);
        return left;
    }
    /// @brief Whether anything better than "at least nothing" is known.
    bool informative() const { return typical || high || low.count() > 0; }
    friend bool operator==(const DurationEstimate&, const DurationEstimate&) = default;
};

} // namespace optiqual::station
