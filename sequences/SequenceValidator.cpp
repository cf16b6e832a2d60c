#include "sequences/SequenceValidator.h"

#include "core/Quantity.h"
#include "sequences/Spelling.h"
#include "sequences/StepValidator.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace optiqual::sequences {

namespace {

struct CallSite {
    std::string callee;
    core::SourceLocation where;
};

void collectCalls(const std::vector<Step>& steps, std::vector<CallSite>& out) {
    for (const Step& step : steps) {
        if (step.callSequence) {
            auto it = step.fieldWhere.find("subsequence");
            out.push_back({step.callSequence->subsequence, it == step.fieldWhere.end() ? step.where : it->second});
        }
        if (step.forEach)
            collectCalls(step.forEach->body, out);
    }
}

} // namespace

SequenceValidator::SequenceValidator(const InstrumentCatalog& catalog, ValidationOptions options)
    : m_catalog(catalog), m_options(std::move(options)) {}

void SequenceValidator::checkRoles(const Sequence& sequence, std::vector<core::Diagnostic>& out) const {
    const auto classes = m_catalog.classes();
    for (const Role& role : sequence.roles)
        if (std::find(classes.begin(), classes.end(), role.instrumentClass) == classes.end())
            out.push_back({role.where, "unknown instrument class '" + role.instrumentClass + "' for role '" +
                                           role.name + "'" + didYouMean(role.instrumentClass, classes)});
}

void SequenceValidator::checkParameters(const std::vector<Parameter>& params,
                                        std::vector<core::Diagnostic>& out) const {
    for (const Parameter& p : params)
        if (!p.isText && !core::findUnit(p.unit))
            out.push_back({p.where, "parameter '" + p.name + "' has an unknown unit '" + p.unit + "'"});
}

void SequenceValidator::checkLimitSets(const Sequence& sequence, std::vector<core::Diagnostic>& out) const {
    std::set<std::pair<std::string, std::string>> seen;
    for (const LimitSet& set : sequence.limitSets) {
        if (!seen.insert({set.partNumber, set.revision}).second)
            out.push_back({set.setWhere, "duplicate limit set for part number '" + set.identity() + "'"});
        if (!set.partNumber.empty() && std::find(sequence.partNumbers.begin(), sequence.partNumbers.end(),
                                                 set.partNumber) == sequence.partNumbers.end())
            out.push_back(
                {set.setWhere, "part number '" + set.partNumber + "' of this limit set is not in part_numbers"});
        for (const auto& [name, limit] : set.limits) {
            auto where = set.where.find(name);
            StepValidator::checkLimit(limit, "limit '" + name + "' of '" + set.identity() + "'", name, set.fieldWhere,
                                      where == set.where.end() ? set.setWhere : where->second, out);
        }
    }
}

void SequenceValidator::checkSubsequenceCalls(const Sequence& sequence, std::vector<core::Diagnostic>& out) const {
    std::vector<std::string> names;
    std::map<std::string, std::vector<CallSite>> callsOf;
    for (const Subsequence& sub : sequence.subsequences) {
        names.push_back(sub.name);
        collectCalls(sub.steps, callsOf[sub.name]);
    }
    std::vector<CallSite> rootCalls;
    collectCalls(sequence.setup, rootCalls);
    collectCalls(sequence.main, rootCalls);
    collectCalls(sequence.cleanup, rootCalls);

    auto reportUndefined = [&](const std::vector<CallSite>& calls) {
        for (const CallSite& c : calls)
            if (!sequence.subsequence(c.callee))
                out.push_back({c.where, "call of undefined sub-sequence '" + c.callee + "'" +
                                            (names.empty() ? std::string(" (the sequence defines none)")
                                                           : didYouMean(c.callee, names))});
    };
    reportUndefined(rootCalls);
    for (const Subsequence& sub : sequence.subsequences)
        reportUndefined(callsOf[sub.name]);

    // Cycles: depth-first from every sub-sequence; a call back onto the current path closes a cycle, reported at
    // that call, once per cycle (keyed by its smallest member).
    std::set<std::string> reportedCycles;
    std::vector<std::string> path;
    std::function<void(const std::string&)> visit = [&](const std::string& name) {
        path.push_back(name);
        for (const CallSite& c : callsOf[name]) {
            if (!sequence.subsequence(c.callee))
                continue;
            auto onPath = std::find(path.begin(), path.end(), c.callee);
            if (onPath != path.end()) {
                std::vector<std::string> cycle(onPath, path.end());
                const std::string key =
                    *std::min_element(cycle.begin(), cycle.end()) + "/" + std::to_string(cycle.size());
                if (reportedCycles.insert(key).second) {
                    std::string chain;
                    for (const std::string& n : cycle)
                        chain += n + " -> ";
                    out.push_back({c.where, "sub-sequence '" + c.callee + "' calls itself (" + chain + c.callee + ")"});
                }
            } else if (path.size() <= sequence.subsequences.size()) {
                visit(c.callee);
            }
        }
        path.pop_back();
    };
    for (const Subsequence& sub : sequence.subsequences)
        visit(sub.name);

    if (!m_options.reportUnusedSubsequences)
        return;
    std::set<std::string> reached;
    std::vector<std::string> pending;
    for (const CallSite& c : rootCalls)
        pending.push_back(c.callee);
    while (!pending.empty()) {
        const std::string name = pending.back();
        pending.pop_back();
        if (!sequence.subsequence(name) || !reached.insert(name).second)
            continue;
        for (const CallSite& c : callsOf[name])
            pending.push_back(c.callee);
    }
    for (const Subsequence& sub : sequence.subsequences)
        if (!reached.count(sub.name))
            out.push_back({sub.where, "sub-sequence '" + sub.name + "' is never called"});
}

std::vector<core::Diagnostic> SequenceValidator::validate(const Sequence& sequence) const {
    std::vector<core::Diagnostic> out;
    checkRoles(sequence, out);
    checkParameters(sequence.params, out);
    checkLimitSets(sequence, out);
    checkSubsequenceCalls(sequence, out);

    StepValidator steps(sequence, m_catalog, m_options, out);
    StepValidator::Scope globals;
    for (const std::string& name : m_options.runtimeVariables)
        globals[name] = StepValidator::Symbol{};
    // What the engine gives every run (docs/sequences.md, "Variables"): the unit's identity and its socket.
    for (const char* name : {"serial", "part_number", "revision", "lot"})
        globals[name] = StepValidator::Symbol{StepValidator::Symbol::Kind::Text, "", false};
    globals["socket"] = StepValidator::Symbol{};
    // Station data: a number by its name (or a table through name(i), which expressions check as a function).
    for (const StationDataName& d : sequence.stationData)
        globals[d.name] = StepValidator::Symbol{};
    for (const Parameter& p : sequence.params)
        globals[p.name] =
            StepValidator::Symbol{p.isText ? StepValidator::Symbol::Kind::Text : StepValidator::Symbol::Kind::Number,
                                  p.unit, !p.unit.empty()};
    StepValidator::Scope scope = globals;
    steps.checkSteps(sequence.setup, scope);
    steps.checkSteps(sequence.main, scope);
    steps.checkSteps(sequence.cleanup, scope);
    for (const Subsequence& sub : sequence.subsequences) {
        checkParameters(sub.params, out);
        StepValidator::Scope local = globals;
        for (const Parameter& p : sub.params)
            local[p.name] = StepValidator::Symbol{p.isText ? StepValidator::Symbol::Kind::Text
                                                           : StepValidator::Symbol::Kind::Number,
                                                  p.unit, !p.unit.empty()};
        steps.checkSteps(sub.steps, local);
    }

    if (steps.namedLimitsUsed()) {
        for (std::size_t i = 0; i < sequence.partNumbers.size(); ++i) {
            const std::string& pn = sequence.partNumbers[i];
            const bool covered = std::any_of(sequence.limitSets.begin(), sequence.limitSets.end(),
                                             [&](const LimitSet& s) { return s.partNumber == pn; });
            if (!covered)
                out.push_back({i < sequence.partNumberWhere.size() ? sequence.partNumberWhere[i]
                                                                   : core::SourceLocation{sequence.file, 0, 0},
                               "no limit set for part number '" + pn + "'"});
        }
    }
    for (std::size_t i = 0; i < sequence.partNumbers.size(); ++i)
        for (std::size_t j = 0; j < i; ++j)
            if (sequence.partNumbers[i] == sequence.partNumbers[j])
                out.push_back({i < sequence.partNumberWhere.size() ? sequence.partNumberWhere[i]
                                                                   : core::SourceLocation{sequence.file, 0, 0},
                               "duplicate part number '" + sequence.partNumbers[i] + "'"});

    // The sequence file first, then other files (a limits file); within a file by position.
    std::stable_sort(out.begin(), out.end(), [&](const core::Diagnostic& a, const core::Diagnostic& b) {
        return std::make_tuple(a.where.file != sequence.file, a.where.file, a.where.line, a.where.column) <
               std::make_tuple(b.where.file != sequence.file, b.where.file, b.where.line, b.where.column);
    });
    return out;
}

std::vector<core::Diagnostic> validate(const Sequence& sequence, const InstrumentCatalog& catalog,
                                       const ValidationOptions& options) {
    return SequenceValidator(catalog, options).validate(sequence);
}

} // namespace optiqual::sequences
