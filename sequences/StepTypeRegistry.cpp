#include "sequences/StepTypeRegistry.h"

#include "sequences/Sequence.h"

#include <cctype>
#include <stdexcept>

namespace optiqual::sequences {

void StepTypeRegistry::add(CustomStepType type) {
    const std::string& name = type.name;
    bool identifier = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front()));
    for (char c : name)
        identifier = identifier && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
    if (!identifier)
        throw std::invalid_argument("custom step type name '" + name + "' is not an identifier");
    if (parseStepType(name) || name == "custom")
        throw std::invalid_argument("'" + name + "' is a built-in step type");
    if (m_types.contains(name))
        throw std::invalid_argument("step type '" + name + "' is already registered");
    std::string key = name;
    m_types.emplace(std::move(key), std::move(type));
}

const CustomStepType* StepTypeRegistry::find(std::string_view name) const {
    auto it = m_types.find(name);
    return it == m_types.end() ? nullptr : &it->second;
}

std::vector<std::string> StepTypeRegistry::names() const {
    std::vector<std::string> out;
    for (const auto& [name, type] : m_types)
        out.push_back(name);
    return out;
}

} // namespace optiqual::sequences
