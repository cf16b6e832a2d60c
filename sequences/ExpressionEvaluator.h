#pragma once
#include "core/Diagnostic.h"
#include "sequences/Sequence.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::sequences {

class VariableScope;

/// @brief What static analysis of an expression found: its variables (each with the offset of its first use in
/// the text, for exact error columns) or a syntax error already mapped to file:line:column.
struct ExpressionInfo {
    struct Variable {
        std::string name;
        std::size_t offset = 0;
    };
    std::vector<Variable> variables; ///< in order of first appearance
    std::optional<core::Diagnostic> error;
};

/// @brief A compiled arithmetic expression of a sequence (muparser underneath).
///
/// Syntax: muparser's (`+ - * / ^`, comparisons, `&& ||`, `?:`), the functions `log10 ln sqrt abs min max
/// sum mean` (and muparser's other built-ins), the conversions `dbm_to_mw mw_to_dbm dbm_to_w w_to_dbm db_to_ratio
/// ratio_to_db`, the constants `true false`, and variables whose names may contain '.' (`step.measurement`,
/// `tx_power.mean`). Compile once, bind the variables to storage (a VariableScope or single doubles), then
/// evaluate() as often as needed: after the first evaluation it runs muparser's byte code, well under a
/// microsecond for the expressions of a sequence. Not thread-safe (one evaluator per socket).
class ExpressionEvaluator {
public:
    /// @brief Parses @p expression, in which each of @p tables may be called as a function of one index
    /// (station data: `tx_path_loss(lane)`). Throws core::InputError (one diagnostic at the exact column) on a
    /// syntax error.
    explicit ExpressionEvaluator(Expression expression, const std::vector<std::string>& tables = {});
    ~ExpressionEvaluator();
    ExpressionEvaluator(ExpressionEvaluator&&) noexcept;
    ExpressionEvaluator& operator=(ExpressionEvaluator&&) noexcept;
    ExpressionEvaluator(const ExpressionEvaluator&) = delete;
    ExpressionEvaluator& operator=(const ExpressionEvaluator&) = delete;

    const Expression& expression() const { return m_expression; }
    /// @brief The variables the expression uses, in order of first appearance.
    const std::vector<std::string>& variables() const { return m_variables; }

    /// @brief Binds @p name to @p value (read at every evaluate()). Names the expression does not use are ignored.
    void bind(std::string_view name, double* value);
    /// @brief Binds every used variable to its slot in @p scope (created as NaN when absent).
    void bind(VariableScope& scope);
    /// @brief Binds table function @p name to @p values (read at every evaluate()): `name(i)` is element i
    /// (1-based), a one-element table answers the same for every index, anything else is NaN. Unbound: NaN.
    void bindTable(std::string_view name, const std::vector<double>* values);
    /// @brief The value. Throws core::InputError naming the first unbound variable; muparser's arithmetic
    /// follows IEEE (1/0 is inf, sqrt(-1) NaN), judged later by the limit.
    double evaluate() const;

    /// @brief Syntax check and variable list without binding anything (validation); @p tables as for the
    /// constructor.
    static ExpressionInfo analyze(const Expression& expression, const std::vector<std::string>& tables = {});
    /// @brief The place of character @p offset of @p expression's text in its file.
    static core::SourceLocation locate(const Expression& expression, std::size_t offset);
    /// @brief Every function name an expression may call (for "did you mean" suggestions).
    static const std::vector<std::string>& functionNames();

private:
    struct Impl;
    Expression m_expression;
    std::vector<std::string> m_variables;
    std::unique_ptr<Impl> m_impl;
};

} // namespace optiqual::sequences
