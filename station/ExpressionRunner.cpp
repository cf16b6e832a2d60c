#include "station/ExpressionRunner.h"

#include "core/Units.h"

#include <charconv>
#include <cmath>
#include <muParser.h>

namespace optiqual::station {

namespace {

double dbmToMw(double dbm) { return core::dbmToWatts(dbm) * 1e3; }
double mwToDbm(double mw) { return core::wattsToDbm(mw * 1e-3); }
double dbToRatio(double db) { return core::dbToRatio(db); }
double ratioToDb(double r) { return core::ratioToDb(r); }
double mean(const double* values, int count) {
    double sum = 0;
    for (int i = 0; i < count; ++i)
        sum += values[i];
    return count > 0 ? sum / count : NAN;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
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

// muparser binds variables by address: each compiled expression owns one slot per variable it uses and the
// slots are refreshed from the scope before every evaluation.
struct ExpressionRunner::Compiled {
    mu::Parser parser;
    std::map<std::string, std::unique_ptr<double>> slots;
};

ExpressionRunner::ExpressionRunner() = default;
ExpressionRunner::~ExpressionRunner() = default;

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
    entry = std::make_unique<Compiled>();
    auto& p = entry->parser;
    try {
        p.DefineNameChars("0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.");
        p.DefineFun("dbm_to_mw", dbmToMw);
        p.DefineFun("mw_to_dbm", mwToDbm);
        p.DefineFun("db_to_ratio", dbToRatio);
        p.DefineFun("ratio_to_db", ratioToDb);
        p.DefineFun("mean", mean);
        p.DefineConst("true", 1.0);
        p.DefineConst("false", 0.0);
        Compiled* self = entry.get();
        p.SetVarFactory(
            [](const char* name, void* user) -> double* {
                auto* c = static_cast<Compiled*>(user);
                auto& slot = c->slots[name];
                slot = std::make_unique<double>(0.0);
                return slot.get();
            },
            self);
        p.SetExpr(std::string(trim(expr.text)));
        p.Eval(); // parse now: syntax errors surface on first use, with the expression's location
    } catch (const mu::Parser::exception_type& e) {
        m_cache.erase(&expr);
        throw ExpressionError(located(expr, "in '" + expr.text + "': " + e.GetMsg()));
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
        return c.parser.Eval();
    } catch (const mu::Parser::exception_type& e) {
        throw ExpressionError(located(expr, "in '" + expr.text + "': " + e.GetMsg()));
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
