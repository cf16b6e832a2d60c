#include "sequences/SequenceFile.h"

#include "sequences/SequenceLoader.h"

#include <algorithm>
#include <tuple>

namespace optiqual::sequences {

namespace {

const MethodSignature* signatureOf(const Sequence& sequence, const InstrumentCatalog& catalog,
                                   const InstrumentCall& call) {
    const Role* role = sequence.role(call.role);
    return role ? catalog.method(role->instrumentClass, call.method) : nullptr;
}

void resolveSteps(std::vector<Step>& steps, const Sequence& sequence, const InstrumentCatalog& catalog) {
    for (Step& step : steps) {
        for (MeasurementSpec& m : step.measurements)
            if (m.call && !m.fieldWhere.count("unit"))
                if (const MethodSignature* sig = signatureOf(sequence, catalog, *m.call))
                    m.unit = sig->returnUnit;
        if (step.waitUntil && !step.fieldWhere.count("unit"))
            if (const MethodSignature* sig = signatureOf(sequence, catalog, step.waitUntil->read))
                step.waitUntil->unit = sig->returnUnit;
        if (step.forEach)
            resolveSteps(step.forEach->body, sequence, catalog);
    }
}

void sortByPlace(std::vector<core::Diagnostic>& diagnostics, const std::string& mainFile) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(), [&](const core::Diagnostic& a, const core::Diagnostic& b) {
        return std::make_tuple(a.where.file != mainFile, a.where.file, a.where.line, a.where.column) <
               std::make_tuple(b.where.file != mainFile, b.where.file, b.where.line, b.where.column);
    });
}

std::vector<core::Diagnostic> loadAndCheck(const std::string& path, const InstrumentCatalog& catalog,
                                           const ValidationOptions& options, Sequence& sequence) {
    std::vector<core::Diagnostic> diagnostics;
    sequence = SequenceLoader(options.stepTypes).loadFile(path, diagnostics);
    sortByPlace(diagnostics, path);
    const bool unreadable = std::any_of(diagnostics.begin(), diagnostics.end(), [](const core::Diagnostic& d) {
        return d.message.starts_with("YAML syntax error") || d.message.starts_with("cannot read the sequence");
    });
    if (unreadable)
        return diagnostics;
    for (core::Diagnostic& d : validate(sequence, catalog, options)) {
        const bool repeated = std::any_of(diagnostics.begin(), diagnostics.end(), [&](const core::Diagnostic& e) {
            return e.where.file == d.where.file && e.where.line == d.where.line && e.where.column == d.where.column &&
                   e.message == d.message;
        });
        if (!repeated)
            diagnostics.push_back(std::move(d));
    }
    resolveUnits(sequence, catalog);
    return diagnostics;
}

} // namespace

void resolveUnits(Sequence& sequence, const InstrumentCatalog& catalog) {
    resolveSteps(sequence.setup, sequence, catalog);
    resolveSteps(sequence.main, sequence, catalog);
    resolveSteps(sequence.cleanup, sequence, catalog);
    for (Subsequence& sub : sequence.subsequences)
        resolveSteps(sub.steps, sequence, catalog);
}

Sequence loadSequence(const std::string& path, const InstrumentCatalog& catalog, const ValidationOptions& options) {
    Sequence sequence;
    auto diagnostics = loadAndCheck(path, catalog, options, sequence);
    if (!diagnostics.empty())
        throw core::InputError(std::move(diagnostics));
    return sequence;
}

std::vector<core::Diagnostic> checkSequenceFile(const std::string& path, const InstrumentCatalog& catalog,
                                                const ValidationOptions& options) {
    Sequence sequence;
    return loadAndCheck(path, catalog, options, sequence);
}

} // namespace optiqual::sequences
