#pragma once
#include "sequences/Sequence.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::station {

/// @brief An engineer's run mode for one step of the loaded sequence, set at the panel.
struct StepOverride {
    const sequences::Step* step = nullptr; ///< the step in the run's sequence (the object, not a copy)
    std::string where;                     ///< "main/Temperature corners/Chamber settled": for people and the audit
    sequences::RunMode mode = sequences::RunMode::Normal;
    std::string by;     ///< who set it
    std::string reason; ///< why
};

/// @brief The engineering overrides a unit runs under (RunStarted carries them): run modes of chosen steps, and the
/// limit set chosen instead of the one Sequence::limitSetFor picks. Immutable once handed to a unit; the panel makes a
/// new one for each change, so a unit already running keeps what it started with.
struct RunOverrides {
    std::vector<StepOverride> steps;
    std::string limitSet; ///< LimitSet::identity() of the chosen set ("" the default)
    std::string limitSetBy;
    std::string limitSetReason;

    bool empty() const { return steps.empty() && limitSet.empty(); }
    /// @brief The override of @p step (nullptr: none): by the step object, so every pass of a loop and every call of
    /// a sub-sequence's step has it.
    const StepOverride* find(const sequences::Step& step) const;
    /// @brief "ENGINEERING OVERRIDES: 1 step forced, 1 skipped, limit set T-1@TIGHT" ("" when empty).
    std::string banner() const;
};

/// @brief The limit set a unit of @p partNumber / @p revision is judged by under @p overrides (null: none): the
/// chosen one, else Sequence::limitSetFor. Throws std::invalid_argument when the chosen set is not in the sequence,
/// or is another part number's.
const sequences::LimitSet* chooseLimitSet(const sequences::Sequence& sequence, std::string_view partNumber,
                                          std::string_view revision, const RunOverrides* overrides);

} // namespace optiqual::station
