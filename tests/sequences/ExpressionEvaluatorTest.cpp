#include "sequences/ExpressionEvaluator.h"

#include "sequences/VariableScope.h"

#include <chrono>
#include <cmath>
#include <gtest/gtest.h>

using namespace optiqual::sequences;
using optiqual::core::InputError;
using optiqual::core::SourceLocation;

namespace {

Expression expr(std::string text, int line = 12, int column = 15) {
    return Expression{std::move(text), SourceLocation{"seq.yaml", line, column}};
}

double eval(const std::string& text) {
    return ExpressionEvaluator(expr(text)).evaluate();
}

std::string firstError(const std::string& text, int line = 12, int column = 15) {
    try {
        ExpressionEvaluator e(expr(text, line, column));
        return "no error";
    } catch (const InputError& e) {
        return e.diagnostics().front().format();
    }
}

} // namespace

TEST(ExpressionEvaluator, ArithmeticAndBuiltins) {
    EXPECT_DOUBLE_EQ(eval("1 + 2 * 3"), 7);
    EXPECT_DOUBLE_EQ(eval("2^10"), 1024);
    EXPECT_DOUBLE_EQ(eval("log10(1000)"), 3);
    EXPECT_DOUBLE_EQ(eval("sqrt(16) + abs(-2)"), 6);
    EXPECT_DOUBLE_EQ(eval("min(3, 1, 2)"), 1);
    EXPECT_DOUBLE_EQ(eval("max(3, 1, 2)"), 3);
    EXPECT_DOUBLE_EQ(eval("mean(1, 2, 3, 6)"), 3);
    EXPECT_DOUBLE_EQ(eval("sum(1, 2, 3)"), 6);
    EXPECT_DOUBLE_EQ(eval("1.5e-3 * 1000"), 1.5);
    EXPECT_DOUBLE_EQ(eval("3 > 2 && 1 < 2"), 1);
    EXPECT_DOUBLE_EQ(eval("true || false"), 1);
    EXPECT_DOUBLE_EQ(eval("2 > 3 ? 10 : 20"), 20);
}

TEST(ExpressionEvaluator, OpticalConversions) {
    EXPECT_NEAR(eval("dbm_to_mw(0)"), 1.0, 1e-12);
    EXPECT_NEAR(eval("dbm_to_mw(10)"), 10.0, 1e-12);
    EXPECT_NEAR(eval("mw_to_dbm(100)"), 20.0, 1e-12);
    EXPECT_NEAR(eval("w_to_dbm(0.001)"), 0.0, 1e-12);
    EXPECT_NEAR(eval("dbm_to_w(-30)"), 1e-6, 1e-18);
    EXPECT_NEAR(eval("db_to_ratio(3)"), 1.99526231496888, 1e-12);
    EXPECT_NEAR(eval("ratio_to_db(10)"), 10.0, 1e-12);
    EXPECT_TRUE(std::isinf(eval("mw_to_dbm(0)")));
    // Extinction ratio from two power levels in dBm: P1 - P0 in dB.
    EXPECT_NEAR(eval("ratio_to_db(dbm_to_mw(3) / dbm_to_mw(-1))"), 4.0, 1e-12);
}

TEST(ExpressionEvaluator, ReportsUsedVariablesInOrderOfAppearance) {
    ExpressionEvaluator e(expr("tx_check.tx_power + vcc * ber.max - vcc"));
    ASSERT_EQ(e.variables().size(), 3u);
    EXPECT_EQ(e.variables()[0], "tx_check.tx_power");
    EXPECT_EQ(e.variables()[1], "vcc");
    EXPECT_EQ(e.variables()[2], "ber.max");
    const ExpressionInfo info = ExpressionEvaluator::analyze(expr("a + log10(b1) + 2.5e3"));
    ASSERT_EQ(info.variables.size(), 2u);
    EXPECT_EQ(info.variables[1].name, "b1");
    EXPECT_EQ(info.variables[1].offset, 10u);
    EXPECT_FALSE(info.error);
}

TEST(ExpressionEvaluator, AControlCharacterIsRefusedWithItsColumnNotLeftToMuparser) {
    // A YAML "\0" escape puts a NUL in the text: muparser then reported "1" as a variable and threw its own
    // exception (not a std::exception) when it was bound (found by scripts/fuzz.sh, tests/fuzz/corpus/expression).
    const std::string text = std::string("(dne) > 0 ? 1 : -1") + '\0' + "x";
    const ExpressionInfo info = ExpressionEvaluator::analyze(expr(text, 7, 10));
    ASSERT_TRUE(info.error);
    EXPECT_EQ(info.error->where.line, 7);
    EXPECT_EQ(info.error->where.column, 10 + 18);
    EXPECT_NE(info.error->message.find("control character 0x00"), std::string::npos) << info.error->message;
    EXPECT_THROW(ExpressionEvaluator(expr(text)), InputError);
    EXPECT_FALSE(ExpressionEvaluator::analyze(expr("a +\n\tb")).error) << "line breaks and tabs are white space";
}

TEST(ExpressionEvaluator, ANumberRunIntoLettersIsRefusedWhereItStands) {
    // muparser collected "1earint2" as a variable and threw when it was defined (found by scripts/fuzz.sh).
    const ExpressionInfo info = ExpressionEvaluator::analyze(expr("sqrt(4) + sum(1earint2)", 3, 5));
    ASSERT_TRUE(info.error);
    EXPECT_EQ(info.error->where.column, 5 + 14);
    EXPECT_NE(info.error->message.find("'1earint2' is neither a number nor a usable name"), std::string::npos)
        << info.error->message;
    EXPECT_THROW(ExpressionEvaluator(expr("1earint2 + 1")), InputError);
    EXPECT_DOUBLE_EQ(eval("1e3 + 2.5E-1"), 1000.25) << "exponents still read as numbers";
}

TEST(ExpressionEvaluator, ANameOverMuparsersLengthLimitIsRefusedNotThrownAtBinding) {
    const std::string name(120, 'P');
    const ExpressionInfo info = ExpressionEvaluator::analyze(expr("1 + " + name, 4, 2));
    ASSERT_TRUE(info.error);
    EXPECT_EQ(info.error->where.column, 2 + 4);
    EXPECT_THROW(ExpressionEvaluator(expr(name)), InputError);
    EXPECT_FALSE(ExpressionEvaluator::analyze(expr(std::string(60, 'v') + " + 1")).error) << "long names still work";
}

TEST(ExpressionEvaluator, BindsToScopeAndSeesUpdates) {
    VariableScope scope;
    scope.set("vcc", 3.3);
    ExpressionEvaluator e(expr("vcc * 2 + step1.p"));
    e.bind(scope);
    scope.set("step1.p", 1.0);
    EXPECT_DOUBLE_EQ(e.evaluate(), 7.6);
    scope.set("vcc", 5);
    EXPECT_DOUBLE_EQ(e.evaluate(), 11);
    EXPECT_TRUE(scope.isSet("vcc"));
    EXPECT_EQ(scope.get("nope"), std::nullopt);
}

TEST(ExpressionEvaluator, BindsSingleVariablesByPointer) {
    double x = 2;
    ExpressionEvaluator e(expr("x * x"));
    e.bind("x", &x);
    EXPECT_DOUBLE_EQ(e.evaluate(), 4);
    x = 3;
    EXPECT_DOUBLE_EQ(e.evaluate(), 9);
}

TEST(ExpressionEvaluator, UnboundVariableIsAnErrorAtItsColumn) {
    ExpressionEvaluator e(expr("1 + missing"));
    try {
        e.evaluate();
        FAIL();
    } catch (const InputError& error) {
        EXPECT_EQ(error.diagnostics().front().format(), "seq.yaml:12:19: undefined variable 'missing'");
    }
}

TEST(ExpressionEvaluator, SyntaxErrorsMapToFileLineColumn) {
    EXPECT_EQ(firstError("1 +* 2"), "seq.yaml:12:18: syntax error in expression: unexpected operator '*'");
    EXPECT_EQ(firstError("foo(2) + 1"), "seq.yaml:12:15: syntax error in expression: unknown function 'foo'");
    EXPECT_EQ(firstError("2 * lg10(x)"), "seq.yaml:12:19: syntax error in expression: unknown function 'lg10'");
    EXPECT_EQ(firstError("(1 + 2"), "seq.yaml:12:21: syntax error in expression: missing ')'");
    EXPECT_EQ(firstError("vcc +"), "seq.yaml:12:20: syntax error in expression: unexpected end of expression");
    EXPECT_EQ(firstError("3 x"), "seq.yaml:12:17: syntax error in expression: unexpected name 'x' (missing operator?)");
    EXPECT_EQ(firstError(""), "seq.yaml:12:15: syntax error in expression: empty expression");
    EXPECT_EQ(firstError("1 ? 2"), "seq.yaml:12:17: syntax error in expression: '?' without ':'");
    EXPECT_EQ(firstError("a $ b"), "seq.yaml:12:17: syntax error in expression: unexpected '$'");
    // A block scalar: the error's line and column follow the expression's lines.
    EXPECT_EQ(firstError("a +\nb +* c", 30, 7), "seq.yaml:31:10: syntax error in expression: unexpected operator '*'");
}

TEST(ExpressionEvaluator, NamesEveryFunction) {
    const auto& names = ExpressionEvaluator::functionNames();
    for (const char* f :
         {"log10", "sqrt", "abs", "min", "max", "mean", "dbm_to_mw", "mw_to_dbm", "db_to_ratio", "ratio_to_db"})
        EXPECT_NE(std::find(names.begin(), names.end(), f), names.end()) << f;
}

TEST(ExpressionEvaluator, EvaluationIsFastAfterCompiling) {
    // The engine's per-step budget is a few microseconds; a compiled expression must cost a small part of it.
    // (The engine writes variables through the slot pointers it keeps, not by name.)
    VariableScope scope;
    scope.set("tx_power", -1.5);
    double* offset = scope.slot("offset");
    ExpressionEvaluator e(expr("dbm_to_mw(tx_power + offset) * 1000 / max(1, 2)"));
    e.bind(scope);
    e.evaluate();
    const int n = 100000;
    double sum = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        *offset = i * 1e-6;
        sum += e.evaluate();
    }
    const double ns = std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() / n;
    EXPECT_GT(sum, 0);
    EXPECT_LT(ns, 2000.0) << "ns per evaluation: " << ns; // generous for sanitizer and debug builds
    RecordProperty("ns_per_evaluation", std::to_string(ns));
}
