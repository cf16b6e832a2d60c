#include "station/InstrumentHolds.h"

namespace optiqual::station {

InstrumentHolds::Hold::Hold(InstrumentHolds& holds, const instruments::Instrument* instrument)
    : m_holds(&holds), m_instrument(instrument) {
    ++holds.m_count[instrument];
}

InstrumentHolds::Hold::Hold(Hold&& other) noexcept : m_holds(other.m_holds), m_instrument(other.m_instrument) {
    other.m_holds = nullptr;
}

InstrumentHolds::Hold::~Hold() {
    if (m_holds)
        m_holds->release(m_instrument);
}

void InstrumentHolds::release(const instruments::Instrument* instrument) {
    auto it = m_count.find(instrument);
    if (it != m_count.end() && --it->second <= 0)
        m_count.erase(it);
}

} // namespace optiqual::station
