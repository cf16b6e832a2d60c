#include "sequences/Limit.h"

#include <array>
#include <cmath>
#include <fmt/format.h>

namespace optiqual::sequences {

namespace {
constexpr std::array<std::string_view, 11> kNames{"EQ",   "NE",   "GT",   "GE",   "LT", "LE",
                                                  "GELE", "GTLT", "GELT", "GTLE", "LOG"};
}

std::string_view toString(Comparator c) {
    return kNames[static_cast<std::size_t>(c)];
}

std::optional<Comparator> parseComparator(std::string_view text) {
    for (std::size_t i = 0; i < kNames.size(); ++i)
        if (kNames[i] == text)
            return static_cast<Comparator>(i);
    return std::nullopt;
}

bool needsLow(Comparator c) {
    return c == Comparator::GT || c == Comparator::GE || c == Comparator::GELE || c == Comparator::GTLT ||
           c == Comparator::GELT || c == Comparator::GTLE;
}

bool needsHigh(Comparator c) {
    return c == Comparator::LT || c == Comparator::LE || c == Comparator::GELE || c == Comparator::GTLT ||
           c == Comparator::GELT || c == Comparator::GTLE;
}

bool needsNominal(Comparator c) {
    return c == Comparator::EQ || c == Comparator::NE;
}

Verdict Limit::judge(double x) const {
    if (comparator == Comparator::LOG)
        return Verdict::Pass;
    if (std::isnan(x))
        return Verdict::Fail;
    const double lo = low.value_or(-INFINITY);
    const double hi = high.value_or(INFINITY);
    const double nom = nominal.value_or(0.0);
    bool ok = false;
    switch (comparator) {
    case Comparator::EQ:
        ok = x == nom;
        break;
    case Comparator::NE:
        ok = x != nom;
        break;
    case Comparator::GT:
        ok = x > lo;
        break;
    case Comparator::GE:
        ok = x >= lo;
        break;
    case Comparator::LT:
        ok = x < hi;
        break;
    case Comparator::LE:
        ok = x <= hi;
        break;
    case Comparator::GELE:
        ok = x >= lo && x <= hi;
        break;
    case Comparator::GTLT:
        ok = x > lo && x < hi;
        break;
    case Comparator::GELT:
        ok = x >= lo && x < hi;
        break;
    case Comparator::GTLE:
        ok = x > lo && x <= hi;
        break;
    case Comparator::LOG:
        ok = true;
        break;
    }
    return ok ? Verdict::Pass : Verdict::Fail;
}

std::string Limit::describe() const {
    const std::string u = unit.empty() ? "" : " " + unit;
    auto v = [](std::optional<double> d) { return fmt::format("{:g}", d.value_or(NAN)); };
    switch (comparator) {
    case Comparator::EQ:
        return "x = " + v(nominal) + u;
    case Comparator::NE:
        return "x ≠ " + v(nominal) + u;
    case Comparator::GT:
        return "x > " + v(low) + u;
    case Comparator::GE:
        return "x ≥ " + v(low) + u;
    case Comparator::LT:
        return "x < " + v(high) + u;
    case Comparator::LE:
        return "x ≤ " + v(high) + u;
    case Comparator::GELE:
        return v(low) + " ≤ x ≤ " + v(high) + u;
    case Comparator::GTLT:
        return v(low) + " < x < " + v(high) + u;
    case Comparator::GELT:
        return v(low) + " ≤ x < " + v(high) + u;
    case Comparator::GTLE:
        return v(low) + " < x ≤ " + v(high) + u;
    case Comparator::LOG:
        return "log only";
    }
    return {};
}

} // namespace optiqual::sequences
