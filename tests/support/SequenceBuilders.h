#pragma once
// Small builders for tests that make sequences and engine events in code rather than from a file.
#include "sequences/Sequence.h"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace optiqual::test {

/// @brief A wall-clock time @p seconds after a fixed instant (2027-01-15), for events in reducer tests.
inline std::chrono::system_clock::time_point at(double seconds) {
    return std::chrono::system_clock::time_point{} + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                                         std::chrono::duration<double>(seconds + 1.8e9));
}

/// @brief An expression written at test.yaml:1:1.
inline sequences::Expression ex(std::string text) {
    return sequences::Expression{std::move(text), {"test.yaml", 1, 1}};
}

/// @brief A call of @p role's @p method with named arguments given as expression text.
inline sequences::InstrumentCall callOf(std::string role, std::string method,
                                        const std::vector<std::pair<std::string, std::string>>& args = {}) {
    sequences::InstrumentCall c;
    c.role = std::move(role);
    c.method = std::move(method);
    for (const auto& [name, value] : args) {
        sequences::Argument a;
        a.name = name;
        a.value = ex(value);
        c.args.push_back(std::move(a));
    }
    return c;
}

/// @brief An action step named `<role>.<method>` calling @p role's @p method with @p args.
inline sequences::Step actionStep(std::string role, std::string method,
                                  const std::vector<std::pair<std::string, std::string>>& args = {}) {
    sequences::Step s;
    s.name = role + "." + method;
    s.type = sequences::StepType::Action;
    s.call = callOf(std::move(role), std::move(method), args);
    return s;
}

} // namespace optiqual::test
