#pragma once
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::sequences {

/// @brief Named numeric variables with stable addresses, the storage compiled expressions read from.
///
/// A socket's run keeps one scope: parameters, loop variables, prompt answers and measurements are set()
/// here as the run goes, and every ExpressionEvaluator bound to the scope reads the current values through
/// pointers, so evaluating costs no look-up. Slots are never removed (addresses stay valid for the scope's life);
/// a slot that was bound but never set holds NaN. Not thread-safe: one scope per socket.
class VariableScope {
public:
    /// @brief The slot for @p name, created (NaN, not set) if absent. The address stays valid.
    double* slot(std::string_view name);
    void set(std::string_view name, double value);
    /// @brief The value, or nullopt when @p name was never set().
    std::optional<double> get(std::string_view name) const;
    bool isSet(std::string_view name) const;
    /// @brief Names that have been set, sorted.
    std::vector<std::string> names() const;

private:
    struct Slot {
        double value;
        bool set = false;
    };
    std::map<std::string, Slot, std::less<>> m_slots; // node-based: element addresses never move
};

} // namespace optiqual::sequences
