#pragma once
#include "core/Diagnostic.h"
#include "sequences/InstrumentCatalog.h"
#include "sequences/Sequence.h"
#include "sequences/SequenceValidator.h"

#include <map>
#include <string>
#include <vector>

namespace optiqual::sequences {

/// @brief Validates step lists with the variables in scope at each step: parameters, loop variables, prompt answers
/// and the measurements of earlier steps (`name`, `step_id.name`; per-lane ones as `name.min/.max/.mean`, or bare
/// inside a step that runs per lane). Used by SequenceValidator for setup/main/cleanup and each sub-sequence.
class StepValidator {
public:
    /// @brief What a name in scope stands for.
    struct Symbol {
        enum class Kind { Number, Text, PerLane } kind = Kind::Number;
        std::string unit;
        bool hasUnit = false; ///< the unit is declared (not merely dimensionless by default)
    };
    using Scope = std::map<std::string, Symbol, std::less<>>;

    StepValidator(const Sequence& sequence, const InstrumentCatalog& catalog, const ValidationOptions& options,
                  std::vector<core::Diagnostic>& out);

    /// @brief Validates @p steps in order; measurements and prompt answers they define are added to @p scope.
    void checkSteps(const std::vector<Step>& steps, Scope& scope);

    /// @brief Comparator bounds, low ≤ high, known unit. @p name labels the limit; @p fieldWhere holds
    /// "<prefix>", "<prefix>.low"… locations (falling back to @p where).
    static void checkLimit(const Limit& limit, const std::string& label, const std::string& prefix,
                           const std::map<std::string, core::SourceLocation>& fieldWhere,
                           const core::SourceLocation& where, std::vector<core::Diagnostic>& out);
    /// @brief "Tx power (lane 3)" → "tx_power_lane_3": how expressions name a step.
    static std::string stepId(const std::string& name);

private:
    void checkStep(const Step& step, Scope& scope);
    void checkOverride(const Step& step);
    void checkMeasurements(const Step& step, Scope& scope);
    void checkMeasurementLimits(const MeasurementSpec& m, const std::string& unit);
    void checkString(const Step& step, Scope& scope);
    void checkWaitUntil(const Step& step, const Scope& scope);
    void checkForEach(const Step& step, Scope& scope);
    /// @brief A loop's values and body; returns the body's scope (loop variable included).
    Scope checkLoop(const Step& step, const Scope& scope);
    void checkSweep(const Step& step, Scope& scope);
    void checkCallStep(const Step& step, const Scope& scope);
    void checkPrompt(const Step& step, Scope& scope);
    void checkCustom(const Step& step, const Scope& scope);

    /// @brief Checks role, method and arguments; the method's signature, or null when the call is wrong.
    const MethodSignature* checkCall(const InstrumentCall& call, const Scope& scope, bool perLane);
    void checkArguments(const std::vector<Argument>& args, const std::vector<MethodParam>& params,
                        const std::string& callee, const core::SourceLocation& where, const Scope& scope, bool perLane);
    void checkExpression(const Expression& expr, const Scope& scope, bool perLane);
    /// @brief Lanes of @p m beyond the lanes its list-returning method has (MethodSignature::lanes), when no list
    /// argument names the lanes read.
    void checkLaneBound(const MeasurementSpec& m, const MethodSignature& sig);
    /// @brief The unit of an expression that is just a variable with a declared unit, else nullptr.
    const Symbol* unitOf(const Expression& expr, const Scope& scope) const;
    void error(const core::SourceLocation& where, std::string message);

    const Sequence& m_sequence;
    const InstrumentCatalog& m_catalog;
    const ValidationOptions& m_options;
    std::vector<core::Diagnostic>& m_out;
    bool m_namedLimitsUsed = false;

public:
    /// @brief Whether any measurement checked so far takes its limit from the limit sets.
    bool namedLimitsUsed() const { return m_namedLimitsUsed; }
};

} // namespace optiqual::sequences
