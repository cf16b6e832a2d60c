// Fuzz target: the expression language of sequences (`compute`, `if`, limits from parameters), compiled and
// evaluated with every variable bound and a one-entry station-data table. A syntax error is an InputError with
// its column inside the text; evaluation never throws once everything is bound.
#include "sequences/ExpressionEvaluator.h"
#include "tests/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

using namespace optiqual;
using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    sequences::Expression expression{std::string(reinterpret_cast<const char*>(data), size), {"fuzz.yaml", 3, 10}};
    const std::vector<std::string> tables = {"tx_path_loss"};
    const sequences::ExpressionInfo info = sequences::ExpressionEvaluator::analyze(expression, tables);
    if (info.error) {
        require(info.error->where.line >= 3 && !info.error->message.empty(), "a syntax error says where");
        return 0;
    }
    for (const auto& variable : info.variables)
        require(variable.offset <= expression.text.size(), "a variable lies within the text");
    try {
        sequences::ExpressionEvaluator evaluator(expression, tables);
        std::vector<double> values(evaluator.variables().size(), 1.5);
        for (std::size_t i = 0; i < values.size(); ++i)
            evaluator.bind(evaluator.variables()[i], &values[i]);
        const std::vector<double> table = {-3.2};
        evaluator.bindTable("tx_path_loss", &table);
        (void)evaluator.evaluate();
    } catch (const core::InputError& e) {
        // analyze() accepted it, so compiling must too: a disagreement would let `check` pass what `run` refuses.
        std::fprintf(stderr, "analyze accepted, evaluator refused: %s\n", e.what());
        require(false, "what validation accepts, the engine evaluates");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "threw: %s\n", e.what());
        require(false, "an expression evaluates without an exception");
    }
    return 0;
}
