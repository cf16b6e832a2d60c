#include "station/ExpressionRunner.h"

#include "sequences/ExpressionEvaluator.h"

#include <charconv>
#include <cmath>

namespace optiqual::station {

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

bool isIdentifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
        return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.'))
            return false;
    return true;
}

std::string located(const sequences::Expression& e, const std::string& message) {
    core::Diagnostic d{e.where, message};
    return d.format();
}

} // namespace

// The sequences layer's evaluator (muparser with the domain's functions) binds variables by address: each
// compiled expression owns one slot per variable it uses, refreshed from the scope before every evaluation.
struct ExpressionRunner::Compiled {
    Compiled(const sequences::Expression& e, const std::vector<std::string>& tables) : evaluator(e, tables) {}
    sequences::ExpressionEvaluator evaluator;
    std::vector<std::pair<std::string, std::unique_ptr<double>>> slots;
};

ExpressionRunner::ExpressionRunner() = default;
ExpressionRunner::~ExpressionRunner() = default;

void ExpressionRunner::setTables(std::map<std::string, std::vector<double>> tables) {
    m_cache.clear();
    m_tables = std::move(tables);
    m_tableNames.clear();
    for (const auto& [name, values] : m_tables)
        m_tableNames.push_back(name);
}

namespace {

/// Literals need no parser: most step arguments are plain numbers, so this path keeps steps cheap.
std::optional<Value> literal(std::string_view text) {
    double number = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty())
        return Value{number};
    if (text == "true" || text == "false")
        return Value{text == "true"};
    if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
        return Value{std::string(text.substr(1, text.size() - 2))};
    return std::nullopt;
}

} // namespace

ExpressionRunner::Compiled& ExpressionRunner::compile(const sequences::Expression& expr) {
    auto& entry = m_cache[&expr];
    if (entry)
        return *entry;
    try {
        entry = std::make_unique<Compiled>(expr, m_tableNames);
    } catch (const core::InputError& e) {
        m_cache.erase(&expr);
        throw ExpressionError(e.what());
    }
    for (const auto& [name, values] : m_tables)
        entry->evaluator.bindTable(name, &values);
    for (const auto& name : entry->evaluator.variables()) {
        entry->slots.emplace_back(name, std::make_unique<double>(0.0));
        entry->evaluator.bind(name, entry->slots.back().second.get());
    }
    return *entry;
}

Value ExpressionRunner::value(const sequences::Expression& expr, const Scope& scope) {
    const std::string_view text = trim(expr.text);
    if (auto v = literal(text))
        return *v;
    if (isIdentifier(text)) {
        if (const Value* v = scope.find(text))
            return *v;
    }
    Compiled& c = compile(expr);
    for (auto& [name, slot] : c.slots) {
        auto v = scope.number(name);
        if (!v)
            throw ExpressionError(located(expr, "'" + name + "' is not a numeric variable here"));
        *slot = *v;
    }
    try {
        return c.evaluator.evaluate();
    } catch (const core::InputError& e) {
        throw ExpressionError(e.what());
    } catch (const std::exception& e) {
        throw ExpressionError(located(expr, "in '" + expr.text + "': " + e.what()));
    }
}

double ExpressionRunner::number(const sequences::Expression& expr, const Scope& scope) {
    Value v = value(expr, scope);
    if (auto* d = std::get_if<double>(&v))
        return *d;
    if (auto* b = std::get_if<bool>(&v))
        return *b ? 1.0 : 0.0;
    throw ExpressionError(located(expr, "'" + expr.text + "' is not a number"));
}

bool ExpressionRunner::condition(const sequences::Expression& expr, const Scope& scope) {
    Value v = value(expr, scope);
    if (auto* b = std::get_if<bool>(&v))
        return *b;
    if (auto* d = std::get_if<double>(&v))
        return *d != 0.0;
    throw ExpressionError(located(expr, "'" + expr.text + "' is not a condition"));
}

} // namespace optiqual::station
