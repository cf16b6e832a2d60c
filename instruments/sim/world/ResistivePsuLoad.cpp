#include "instruments/sim/world/ResistivePsuLoad.h"

#include <stdexcept>

namespace optiqual::instruments::sim {
namespace {

double checkedOhms(double ohms) {
    // "!(ohms > 0)" also rejects NaN.
    if (!(ohms > 0.0))
        throw std::invalid_argument("a resistive load needs a positive resistance");
    return ohms;
}

} // namespace

ResistivePsuLoad::ResistivePsuLoad(double ohms) : m_ohms(checkedOhms(ohms)) {}

void ResistivePsuLoad::setResistance(double ohms) {
    m_ohms = checkedOhms(ohms);
}

double ResistivePsuLoad::current(int /*channel*/, double volts, double /*seconds*/) {
    return volts / m_ohms;
}

} // namespace optiqual::instruments::sim
