#pragma once
#include "sequences/Sequence.h"
#include "station/Scope.h"

#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief Thrown when an expression cannot be evaluated at run time; what() is `file:line:column: message`.
class ExpressionError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// @brief Evaluates a socket's expressions against its scopes. Literals (numbers, true/false, quoted text, a
/// bare text variable) take a fast path; everything else is compiled once per expression and re-evaluated
/// with the current variable values. One per socket run; not thread-safe.
class ExpressionRunner {
public:
    ExpressionRunner();
    ~ExpressionRunner();
    ExpressionRunner(const ExpressionRunner&) = delete;
    ExpressionRunner& operator=(const ExpressionRunner&) = delete;

    /// @brief The station data tables expressions may call (`tx_path_loss(lane)`); set before the first use.
    void setTables(std::map<std::string, std::vector<double>> tables);

    Value value(const sequences::Expression& expr, const Scope& scope);
    double number(const sequences::Expression& expr, const Scope& scope);
    bool condition(const sequences::Expression& expr, const Scope& scope);

private:
    struct Compiled;
    Compiled& compile(const sequences::Expression& expr);
    std::map<const sequences::Expression*, std::unique_ptr<Compiled>> m_cache;
    std::map<std::string, std::vector<double>> m_tables;
    std::vector<std::string> m_tableNames;
};

} // namespace optiqual::station
