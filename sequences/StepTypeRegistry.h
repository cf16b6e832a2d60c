#pragma once
#include "sequences/InstrumentCatalog.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::sequences {

/// @brief A step type added from C++ (an eye-diagram scan, a vendor's calibration routine…): its name as written
/// in `type:` and the arguments its `args:` may carry, checked like instrument-method arguments (kind, unit,
/// required unless @c optional).
struct CustomStepType {
    std::string name;
    std::vector<MethodParam> params;
    std::string description;
};

/// @brief The custom step types the loader accepts besides the built-in ones. The station registers its types
/// before loading sequences (registration is explicit, no static-initialisation tricks); the engine keeps its own
/// name → handler table for running them.
class StepTypeRegistry {
public:
    /// @brief Registers @p type. Throws std::invalid_argument if the name is empty, not an identifier, a built-in
    /// step type or already registered.
    void add(CustomStepType type);
    const CustomStepType* find(std::string_view name) const;
    std::vector<std::string> names() const;

private:
    std::map<std::string, CustomStepType, std::less<>> m_types;
};

} // namespace optiqual::sequences
