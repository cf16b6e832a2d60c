#pragma once
#include "sequences/InstrumentCatalog.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::sequences {

/// @brief An InstrumentCatalog filled from a table of signatures: for tools and tests that validate sequences
/// without a station (the station's own catalog also knows how to invoke each method).
class StaticInstrumentCatalog : public InstrumentCatalog {
public:
    /// @brief Adds (or replaces) @p signature on @p instrumentClass, creating the class if needed.
    void add(std::string_view instrumentClass, MethodSignature signature);
    /// @brief Declares a class with no methods yet.
    void addClass(std::string_view instrumentClass);

    std::vector<std::string> classes() const override;
    const MethodSignature* method(std::string_view instrumentClass, std::string_view method) const override;
    std::vector<std::string> methods(std::string_view instrumentClass) const override;

private:
    std::map<std::string, std::map<std::string, MethodSignature, std::less<>>, std::less<>> m_classes;
};

} // namespace optiqual::sequences
