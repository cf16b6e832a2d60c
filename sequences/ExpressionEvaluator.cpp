#include "sequences/ExpressionEvaluator.h"

#include "core/Units.h"
#include "sequences/VariableScope.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <muParser.h>
#include <optional>

namespace optiqual::sequences {

namespace {

// '.' joins a step and its measurement (`tx_check.tx_power`) or names an aggregate (`ber.max`) in one identifier.
constexpr const char* kNameChars = "0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.";

bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

double dbmToMw(double dbm) {
    return core::dbmToWatts(dbm) * 1e3;
}
double mwToDbm(double mw) {
    return core::wattsToDbm(mw * 1e-3);
}
double dbmToW(double dbm) {
    return core::dbmToWatts(dbm);
}
double wToDbm(double w) {
    return core::wattsToDbm(w);
}
double dbToRatio(double db) {
    return core::dbToRatio(db);
}
double ratioToDb(double ratio) {
    return core::ratioToDb(ratio);
}
double mean(const double* values, int count) {
    double sum = 0;
    for (int i = 0; i < count; ++i)
        sum += values[i];
    return count > 0 ? sum / count : std::nan("");
}

void configure(mu::Parser& p) {
    p.DefineNameChars(kNameChars);
    p.DefineFun("dbm_to_mw", dbmToMw);
    p.DefineFun("mw_to_dbm", mwToDbm);
    p.DefineFun("dbm_to_w", dbmToW);
    p.DefineFun("w_to_dbm", wToDbm);
    p.DefineFun("db_to_ratio", dbToRatio);
    p.DefineFun("ratio_to_db", ratioToDb);
    p.DefineFun("mean", mean);
    p.DefineConst("true", 1.0);
    p.DefineConst("false", 0.0);
}

/// A station-data table a function reads; the evaluator owns it, so its address is stable for muparser.
struct TableSlot {
    const std::vector<double>* values = nullptr;
};

double lookup(void* slot, double index) {
    const auto* values = static_cast<TableSlot*>(slot)->values;
    if (!values || values->empty())
        return std::nan("");
    if (values->size() == 1)
        return values->front();
    const double i = std::floor(index);
    if (i != index || i < 1 || i > static_cast<double>(values->size()))
        return std::nan("");
    return (*values)[static_cast<std::size_t>(i) - 1];
}

void defineTables(mu::Parser& p, const std::vector<std::string>& tables,
                  std::vector<std::unique_ptr<TableSlot>>& slots) {
    for (const std::string& name : tables) {
        slots.push_back(std::make_unique<TableSlot>());
        p.DefineFunUserData(name, lookup, slots.back().get(), false);
    }
}

std::string describeToken(const std::string& token) {
    return token.empty() ? std::string() : " '" + token + "'";
}

// muparser's messages end in "at position N", which means nothing in a YAML file; say the same in our words and
// let the diagnostic's column carry the position.
core::Diagnostic syntaxError(const Expression& expr, const mu::Parser::exception_type& e) {
    const std::string& text = expr.text;
    std::size_t pos = std::min<std::size_t>(static_cast<std::size_t>(std::max(0, e.GetPos())), text.size());
    const std::string& token = e.GetToken();
    std::string what;
    switch (e.GetCode()) {
    case mu::ecUNEXPECTED_OPERATOR:
        what = "unexpected operator" + describeToken(token);
        break;
    case mu::ecUNASSIGNABLE_TOKEN: {
        // muparser's token here is the rest of the expression; name just the offending name or character.
        std::size_t end = pos;
        while (end < text.size() && isNameChar(text[end]))
            ++end;
        const std::string what1 = end > pos ? text.substr(pos, end - pos) : text.substr(pos, 1);
        what = "unexpected" + (what1.empty() ? std::string(" character") : describeToken(what1));
        break;
    }
    case mu::ecUNEXPECTED_EOF:
        what = "unexpected end of expression";
        pos = text.size();
        break;
    case mu::ecUNEXPECTED_ARG_SEP:
        what = "unexpected ','";
        break;
    case mu::ecUNEXPECTED_ARG:
        what = "unexpected argument";
        break;
    case mu::ecUNEXPECTED_VAL:
        what = "unexpected value" + describeToken(token);
        break;
    case mu::ecUNEXPECTED_VAR:
        what = "unexpected name" + describeToken(token) + " (missing operator?)";
        break;
    case mu::ecUNEXPECTED_PARENS: {
        // `foo(2)`: muparser sees the unknown function as a variable followed by a parenthesis.
        std::size_t end = pos;
        while (end > 0 && text[end - 1] == ' ')
            --end;
        std::size_t begin = end;
        while (begin > 0 && isNameChar(text[begin - 1]))
            --begin;
        if (pos < text.size() && text[pos] == '(' && begin < end &&
            !std::isdigit(static_cast<unsigned char>(text[begin]))) {
            what = "unknown function '" + text.substr(begin, end - begin) + "'";
            pos = begin;
        } else {
            what = "unexpected parenthesis" + describeToken(token);
        }
        break;
    }
    case mu::ecMISSING_PARENS:
        what = "missing ')'";
        pos = text.size();
        break;
    case mu::ecUNEXPECTED_FUN:
        what = "unexpected function" + describeToken(token) + " (missing operator?)";
        break;
    case mu::ecTOO_MANY_PARAMS:
        what = "too many arguments for" + describeToken(token);
        break;
    case mu::ecTOO_FEW_PARAMS:
        what = "too few arguments for" + describeToken(token);
        break;
    case mu::ecEMPTY_EXPRESSION:
        what = "empty expression";
        pos = 0;
        break;
    case mu::ecMISSING_ELSE_CLAUSE:
        what = "'?' without ':'";
        pos = std::min(text.find('?'), text.size());
        break;
    case mu::ecMISPLACED_COLON:
        what = "':' without '?'";
        break;
    default: {
        what = e.GetMsg();
        if (auto at = what.find(" at position"); at != std::string::npos)
            what.erase(at);
        if (auto at = what.find(" found"); at != std::string::npos)
            what.erase(at);
        break;
    }
    }
    return core::Diagnostic{ExpressionEvaluator::locate(expr, pos), "syntax error in expression: " + what};
}

// First occurrence of identifier @p name as a whole token (not inside a longer name or a number).
std::size_t findIdentifier(const std::string& text, const std::string& name) {
    std::size_t i = 0;
    while (i < text.size()) {
        if (!isNameChar(text[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < text.size() && isNameChar(text[j]))
            ++j;
        if (text.compare(i, j - i, name) == 0 && j - i == name.size())
            return i;
        i = j;
    }
    return 0;
}

mu::Parser& analysisParser() {
    // Building a parser defines ~40 functions; validation analyses hundreds of expressions, so reuse one.
    thread_local mu::Parser parser = [] {
        mu::Parser p;
        configure(p);
        return p;
    }();
    return parser;
}

} // namespace

struct ExpressionEvaluator::Impl {
    mu::Parser parser;
    std::vector<bool> bound;
    std::vector<std::string> tableNames;
    std::vector<std::unique_ptr<TableSlot>> tables;
};

ExpressionEvaluator::ExpressionEvaluator(Expression expression, const std::vector<std::string>& tables)
    : m_expression(std::move(expression)) {
    ExpressionInfo info = analyze(m_expression, tables);
    if (info.error)
        throw core::InputError({*info.error});
    for (auto& v : info.variables)
        m_variables.push_back(std::move(v.name));
    m_impl = std::make_unique<Impl>();
    configure(m_impl->parser);
    m_impl->tableNames = tables;
    defineTables(m_impl->parser, tables, m_impl->tables);
    m_impl->parser.SetExpr(m_expression.text);
    m_impl->bound.assign(m_variables.size(), false);
}

ExpressionEvaluator::~ExpressionEvaluator() = default;
ExpressionEvaluator::ExpressionEvaluator(ExpressionEvaluator&&) noexcept = default;
ExpressionEvaluator& ExpressionEvaluator::operator=(ExpressionEvaluator&&) noexcept = default;

void ExpressionEvaluator::bind(std::string_view name, double* value) {
    for (std::size_t i = 0; i < m_variables.size(); ++i)
        if (m_variables[i] == name) {
            m_impl->parser.DefineVar(m_variables[i], value);
            m_impl->bound[i] = true;
        }
}

void ExpressionEvaluator::bind(VariableScope& scope) {
    for (std::size_t i = 0; i < m_variables.size(); ++i) {
        m_impl->parser.DefineVar(m_variables[i], scope.slot(m_variables[i]));
        m_impl->bound[i] = true;
    }
}

void ExpressionEvaluator::bindTable(std::string_view name, const std::vector<double>* values) {
    for (std::size_t i = 0; i < m_impl->tableNames.size(); ++i)
        if (m_impl->tableNames[i] == name)
            m_impl->tables[i]->values = values;
}

double ExpressionEvaluator::evaluate() const {
    for (std::size_t i = 0; i < m_variables.size(); ++i)
        if (!m_impl->bound[i])
            throw core::InputError(
                {core::Diagnostic{locate(m_expression, findIdentifier(m_expression.text, m_variables[i])),
                                  "undefined variable '" + m_variables[i] + "'"}});
    try {
        return m_impl->parser.Eval();
    } catch (const mu::Parser::exception_type& e) {
        throw core::InputError({syntaxError(m_expression, e)});
    }
}

ExpressionInfo ExpressionEvaluator::analyze(const Expression& expression, const std::vector<std::string>& tables) {
    ExpressionInfo info;
    // Table functions differ per sequence: a parser of their own then (the shared one knows only built-ins).
    std::optional<mu::Parser> own;
    std::vector<std::unique_ptr<TableSlot>> slots;
    if (!tables.empty()) {
        own.emplace();
        configure(*own);
        defineTables(*own, tables, slots);
    }
    // muparser reads a control character (a NUL from a YAML "\0" escape, say) as the end of the text and then
    // reports names it cannot define: refuse them here, where the column can still be given.
    const auto control = std::find_if(expression.text.begin(), expression.text.end(), [](char c) {
        return std::iscntrl(static_cast<unsigned char>(c)) && c != '\n' && c != '\r' && c != '\t';
    });
    if (control != expression.text.end()) {
        const auto offset = static_cast<std::size_t>(control - expression.text.begin());
        char what[48];
        std::snprintf(what, sizeof what, "control character 0x%02x in an expression",
                      static_cast<unsigned>(static_cast<unsigned char>(*control)));
        info.error = core::Diagnostic{locate(expression, offset), what};
        return info;
    }
    mu::Parser& p = own ? *own : analysisParser();
    try {
        p.SetExpr(expression.text);
        // GetUsedVar parses with undefined variables allowed and collects their names.
        const auto& used = p.GetUsedVar();
        // muparser collects names it then refuses to define ("1earint2": a number run into letters; a name over
        // its length limit): define each here, so that what analysis accepts the evaluator can bind.
        const std::vector<std::pair<std::string, std::size_t>> names = [&] {
            std::vector<std::pair<std::string, std::size_t>> out;
            for (const auto& [name, ptr] : used)
                out.emplace_back(name, findIdentifier(expression.text, name));
            return out;
        }();
        double scratch = 0.0;
        for (const auto& [name, offset] : names) {
            try {
                p.DefineVar(name, &scratch);
            } catch (const mu::Parser::exception_type& e) {
                p.ClearVar();
                info.error =
                    core::Diagnostic{locate(expression, offset),
                                     "'" + name + "' is neither a number nor a usable name (" + e.GetMsg() + ")"};
                return info;
            }
            info.variables.push_back({name, offset});
        }
        p.ClearVar();
        std::sort(info.variables.begin(), info.variables.end(),
                  [](const auto& a, const auto& b) { return a.offset < b.offset; });
    } catch (const mu::Parser::exception_type& e) {
        info.error = syntaxError(expression, e);
    }
    return info;
}

core::SourceLocation ExpressionEvaluator::locate(const Expression& expression, std::size_t offset) {
    core::SourceLocation where = expression.where;
    if (where.line <= 0)
        return where;
    // A multi-line (block scalar) expression keeps the indentation of its first line on every line.
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset && i < expression.text.size(); ++i)
        if (expression.text[i] == '\n') {
            ++where.line;
            lineStart = i + 1;
        }
    if (where.column > 0)
        where.column += static_cast<int>(offset - lineStart);
    return where;
}

const std::vector<std::string>& ExpressionEvaluator::functionNames() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& [name, callback] : analysisParser().GetFunDef())
            out.push_back(name);
        return out;
    }();
    return names;
}

} // namespace optiqual::sequences
