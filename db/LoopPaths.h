#pragma once
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace optiqual::db {

/// @brief Tells a step's place in the sequence from the loop iteration it ran in. A `for_each` step's children are
/// recorded under one path segment per iteration ("main/Temperature corners/case_temp=70/Input power"): split()
/// gives back the sequence position without those segments ("main/Temperature corners/Input power") and the loop
/// variables ("case_temp=70"), so one step of the sequence is one cause in a report however many corners it ran
/// at. Segments are recognised as iterations only directly below a recorded `for_each` step.
class LoopPaths {
public:
    /// @param forEachPaths the recorded paths of `for_each` steps (step_def rows of type "for_each")
    explicit LoopPaths(std::unordered_set<std::string> forEachPaths);

    struct Split {
        std::string path;               ///< the path with iteration segments removed
        std::vector<std::string> loops; ///< the removed segments, outermost first ("case_temp=70", "vin=44")
    };
    Split split(std::string_view path) const;

    /// @brief "case_temp=70, vin=44" ("" without loops).
    static std::string describe(const std::vector<std::string>& loops);

private:
    std::unordered_set<std::string> m_forEach;
};

} // namespace optiqual::db
