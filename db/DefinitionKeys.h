#pragma once
#include "sequences/Measurement.h"

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace optiqual::db {

/// @brief What identifies a measurement definition, viewed without copying: the step definition, name, unit,
/// comparator and the exact bits of the finite limits. Built for every measurement the writer stores, so it
/// allocates nothing; the cache of definition ids is searched with it directly.
struct MeasurementDefView {
    /// Bits standing for "no limit": a NaN, which a finite limit never is.
    static constexpr std::uint64_t kNoLimit = 0x7ff8000000000000ULL;

    std::int64_t stepDef = 0;
    std::string_view name;
    std::string_view unit;
    sequences::Comparator comparator = sequences::Comparator::LOG;
    std::uint64_t low = kNoLimit, high = kNoLimit, nominal = kNoLimit;

    MeasurementDefView() = default;
    MeasurementDefView(std::int64_t def, const sequences::Measurement& m)
        : stepDef(def), name(m.name), unit(m.limit.unit), comparator(m.limit.comparator), low(bits(m.limit.low)),
          high(bits(m.limit.high)), nominal(bits(m.limit.nominal)) {}

    static std::uint64_t bits(std::optional<double> v) {
        return v && std::isfinite(*v) ? std::bit_cast<std::uint64_t>(*v) : kNoLimit;
    }
    friend bool operator==(const MeasurementDefView&, const MeasurementDefView&) = default;
};

/// @brief The owning form of MeasurementDefView, kept as the key of the id cache.
struct MeasurementDefKey {
    explicit MeasurementDefKey(const MeasurementDefView& v) : name(v.name), unit(v.unit), rest(v) {
        rest.name = {};
        rest.unit = {};
    }
    MeasurementDefView view() const {
        MeasurementDefView v = rest;
        v.name = name;
        v.unit = unit;
        return v;
    }

    std::string name;
    std::string unit;
    MeasurementDefView rest; ///< the numbers; its strings are empty: use view()
};

/// @brief Transparent hash and equality, so a MeasurementDefView finds a MeasurementDefKey without a copy.
struct MeasurementDefHash {
    using is_transparent = void;
    std::size_t operator()(const MeasurementDefView& v) const {
        std::size_t h = std::hash<std::string_view>{}(v.name);
        for (const std::uint64_t x : {static_cast<std::uint64_t>(v.stepDef), static_cast<std::uint64_t>(v.comparator),
                                      v.low, v.high, v.nominal})
            h = (h ^ x) * 0x9e3779b97f4a7c15ULL;
        return h ^ std::hash<std::string_view>{}(v.unit);
    }
    std::size_t operator()(const MeasurementDefKey& k) const { return (*this)(k.view()); }
};

struct MeasurementDefEqual {
    using is_transparent = void;
    bool operator()(const MeasurementDefKey& a, const MeasurementDefKey& b) const { return a.view() == b.view(); }
    bool operator()(const MeasurementDefView& a, const MeasurementDefKey& b) const { return a == b.view(); }
    bool operator()(const MeasurementDefKey& a, const MeasurementDefView& b) const { return a.view() == b; }
};

/// @brief True when two condition sets have the same names and the same value bits in the same order.
inline bool sameConditions(const std::vector<std::pair<std::string, double>>& a,
                           const std::vector<std::pair<std::string, double>>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i].first != b[i].first ||
            std::bit_cast<std::uint64_t>(a[i].second) != std::bit_cast<std::uint64_t>(b[i].second))
            return false;
    return true;
}

} // namespace optiqual::db
