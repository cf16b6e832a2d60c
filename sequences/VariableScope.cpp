#include "sequences/VariableScope.h"

#include <limits>

namespace optiqual::sequences {

double* VariableScope::slot(std::string_view name) {
    auto it = m_slots.find(name);
    if (it == m_slots.end())
        it = m_slots.emplace(std::string(name), Slot{std::numeric_limits<double>::quiet_NaN()}).first;
    return &it->second.value;
}

void VariableScope::set(std::string_view name, double value) {
    auto it = m_slots.find(name);
    if (it == m_slots.end())
        it = m_slots.emplace(std::string(name), Slot{value}).first;
    it->second.value = value;
    it->second.set = true;
}

std::optional<double> VariableScope::get(std::string_view name) const {
    auto it = m_slots.find(name);
    if (it == m_slots.end() || !it->second.set)
        return std::nullopt;
    return it->second.value;
}

bool VariableScope::isSet(std::string_view name) const {
    auto it = m_slots.find(name);
    return it != m_slots.end() && it->second.set;
}

std::vector<std::string> VariableScope::names() const {
    std::vector<std::string> out;
    for (const auto& [name, s] : m_slots)
        if (s.set)
            out.push_back(name);
    return out;
}

} // namespace optiqual::sequences
