#pragma once
#include "station/Value.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::station {

/// @brief Variables visible to a step's expressions: sequence parameters, loop variables, sub-sequence
/// arguments, prompt answers and earlier measurements. Scopes nest (a for_each body sees its loop variable
/// and everything outside); lookups walk outwards. Not thread-safe: one socket's run owns its scopes.
class Scope {
public:
    explicit Scope(const Scope* parent = nullptr) : m_parent(parent) {}

    void set(const std::string& name, Value value) { m_values[name] = std::move(value); }
    const Value* find(std::string_view name) const;
    /// @brief A number variable's value, std::nullopt if absent or not a number.
    std::optional<double> number(std::string_view name) const;
    const Scope* parent() const { return m_parent; }
    const std::map<std::string, Value, std::less<>>& values() const { return m_values; }

private:
    const Scope* m_parent;
    std::map<std::string, Value, std::less<>> m_values;
};

} // namespace optiqual::station
