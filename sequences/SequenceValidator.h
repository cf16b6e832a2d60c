#pragma once
#include "core/Diagnostic.h"
#include "sequences/InstrumentCatalog.h"
#include "sequences/Sequence.h"
#include "sequences/StepTypeRegistry.h"

#include <string>
#include <vector>

namespace optiqual::sequences {

/// @brief What validation may assume about the run time.
struct ValidationOptions {
    /// @brief Custom step types (may be null): `type:` names and their arguments.
    const StepTypeRegistry* stepTypes = nullptr;
    /// @brief Variables the engine provides to every expression besides parameters (e.g. "socket").
    std::vector<std::string> runtimeVariables;
    /// @brief Report a sub-sequence that no step calls.
    bool reportUnusedSubsequences = true;
};

/// @brief Checks a loaded Sequence against the instrument catalog and itself, reporting every problem as a
/// Diagnostic with the file:line:column it concerns: instrument roles, classes, methods, arguments (name, kind,
/// unit), expressions (syntax, undefined variables), units (a limit in dBm on a reading in W is fine, one in V on
/// a reading in A is not), limits (comparator bounds, low > high, a limit missing for some part number), duplicate
/// measurement names in a step, sub-sequences (undefined, never called, calling themselves), overrides without
/// who and why. The engine refuses to run a sequence with any diagnostic.
class SequenceValidator {
public:
    explicit SequenceValidator(const InstrumentCatalog& catalog, ValidationOptions options = {});

    /// @brief Every problem, ordered by file, line and column.
    std::vector<core::Diagnostic> validate(const Sequence& sequence) const;

private:
    void checkRoles(const Sequence& sequence, std::vector<core::Diagnostic>& out) const;
    void checkParameters(const std::vector<Parameter>& params, std::vector<core::Diagnostic>& out) const;
    void checkLimitSets(const Sequence& sequence, std::vector<core::Diagnostic>& out) const;
    void checkSubsequenceCalls(const Sequence& sequence, std::vector<core::Diagnostic>& out) const;

    const InstrumentCatalog& m_catalog;
    ValidationOptions m_options;
};

/// @brief SequenceValidator(catalog, options).validate(sequence).
std::vector<core::Diagnostic> validate(const Sequence& sequence, const InstrumentCatalog& catalog,
                                       const ValidationOptions& options = {});

} // namespace optiqual::sequences
