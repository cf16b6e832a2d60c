#include "sequences/StepValidator.h"

#include "core/NumberText.h"
#include "core/Quantity.h"
#include "sequences/ExpressionEvaluator.h"
#include "sequences/Spelling.h"
#include "sequences/StepTypeRegistry.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>
#include <set>

namespace optiqual::sequences {

namespace {

using Kind = StepValidator::Symbol::Kind;

std::string unitLabel(const std::string& unit) {
    return unit.empty() ? std::string("dimensionless") : unit;
}

std::string trim(const std::string& s) {
    std::size_t b = 0;
    std::size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
}

std::optional<double> literal(const std::string& text) {
    const std::string t = trim(text);
    std::string_view s = t;
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || s.empty())
        return std::nullopt;
    return v;
}

std::string kindName(ValueKind k) {
    switch (k) {
    case ValueKind::None:
        return "nothing";
    case ValueKind::Number:
        return "a number";
    case ValueKind::Integer:
        return "a whole number";
    case ValueKind::Bool:
        return "true/false";
    case ValueKind::Text:
        return "text";
    case ValueKind::NumberArray:
        return "a list of numbers";
    }
    return "?";
}

core::SourceLocation field(const std::map<std::string, core::SourceLocation>& where, const std::string& key,
                           const core::SourceLocation& fallback) {
    auto it = where.find(key);
    return it == where.end() ? fallback : it->second;
}

void define(StepValidator::Scope& scope, const std::string& name, const StepValidator::Symbol& symbol) {
    scope[name] = symbol;
    if (symbol.kind == Kind::PerLane) // per-lane values are reached in scalar context through their aggregates
        for (const char* aggregate : {".min", ".max", ".mean"})
            scope[name + aggregate] = StepValidator::Symbol{Kind::Number, symbol.unit, symbol.hasUnit};
}

} // namespace

StepValidator::StepValidator(const Sequence& sequence, const InstrumentCatalog& catalog,
                             const ValidationOptions& options, std::vector<core::Diagnostic>& out)
    : m_sequence(sequence), m_catalog(catalog), m_options(options), m_out(out) {}

void StepValidator::error(const core::SourceLocation& where, std::string message) {
    m_out.push_back({where, std::move(message)});
}

std::string StepValidator::stepId(const std::string& name) {
    std::string id;
    for (char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)))
            id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        else if (!id.empty() && id.back() != '_')
            id += '_';
    }
    while (!id.empty() && id.back() == '_')
        id.pop_back();
    return id;
}

void StepValidator::checkSteps(const std::vector<Step>& steps, Scope& scope) {
    for (const Step& step : steps)
        checkStep(step, scope);
}

void StepValidator::checkStep(const Step& step, Scope& scope) {
    for (std::size_t i = 0; i < step.lease.size(); ++i) {
        if (m_sequence.role(step.lease[i]))
            continue;
        std::vector<std::string> roles;
        for (const Role& r : m_sequence.roles)
            roles.push_back(r.name);
        error(i < step.leaseWhere.size() ? step.leaseWhere[i] : step.where,
              "lease names unknown instrument role '" + step.lease[i] + "'" + didYouMean(step.lease[i], roles));
    }
    if (step.precondition)
        checkExpression(*step.precondition, scope, false);
    checkOverride(step);
    if (step.retry.count > 0 && !step.retry.onFail && !step.retry.onError)
        error(field(step.fieldWhere, "retry", step.where), "retry has a count but retries on neither fail nor error");
    switch (step.type) {
    case StepType::Action:
        if (step.call)
            checkCall(*step.call, scope, false);
        break;
    case StepType::Measure:
    case StepType::Compute:
        checkMeasurements(step, scope);
        break;
    case StepType::PassFail:
        if (step.call) {
            const MethodSignature* sig = checkCall(*step.call, scope, false);
            if (sig && sig->returns != ValueKind::Bool)
                error(step.call->where, "a pass_fail call must return true/false; " + step.call->role + "." +
                                            step.call->method + " returns " + kindName(sig->returns));
        }
        if (step.condition)
            checkExpression(*step.condition, scope, false);
        break;
    case StepType::String:
        checkString(step, scope);
        break;
    case StepType::Wait:
        if (step.duration.count() <= 0 && step.fieldWhere.count("duration"))
            error(step.fieldWhere.at("duration"), "a wait needs a positive duration");
        break;
    case StepType::WaitUntil:
        checkWaitUntil(step, scope);
        break;
    case StepType::ForEach:
        checkForEach(step, scope);
        break;
    case StepType::Call:
        checkCallStep(step, scope);
        break;
    case StepType::Prompt:
        checkPrompt(step, scope);
        break;
    case StepType::Sweep:
        checkSweep(step, scope);
        break;
    case StepType::Custom:
        checkCustom(step, scope);
        break;
    }
}

void StepValidator::checkOverride(const Step& step) {
    const bool hasOverride =
        step.fieldWhere.count("override") || !step.overrideBy.empty() || !step.overrideReason.empty();
    if (step.runMode == RunMode::Normal) {
        if (hasOverride)
            error(field(step.fieldWhere, "override", step.where),
                  "override given but run_mode is normal (an override records who changed the run mode and why)");
        return;
    }
    const std::string mode(toString(step.runMode));
    if (!hasOverride) {
        error(field(step.fieldWhere, "run_mode", step.where),
              "run_mode " + mode + " needs an override: {by: <who>, reason: <why>}");
        return;
    }
    const core::SourceLocation where = field(step.fieldWhere, "override", step.where);
    if (trim(step.overrideBy).empty())
        error(where, "the override of run_mode " + mode + " needs 'by' (who decided it)");
    if (trim(step.overrideReason).empty())
        error(where, "the override of run_mode " + mode + " needs 'reason' (why)");
}

const StepValidator::Symbol* StepValidator::unitOf(const Expression& expr, const Scope& scope) const {
    auto it = scope.find(trim(expr.text));
    if (it == scope.end() || !it->second.hasUnit)
        return nullptr;
    return &it->second;
}

void StepValidator::checkExpression(const Expression& expr, const Scope& scope, bool perLane) {
    const ExpressionInfo info = ExpressionEvaluator::analyze(expr, m_sequence.stationDataNames());
    if (info.error) {
        m_out.push_back(*info.error);
        return;
    }
    for (const auto& var : info.variables) {
        const core::SourceLocation where = ExpressionEvaluator::locate(expr, var.offset);
        auto it = scope.find(var.name);
        if (it == scope.end()) {
            if (var.name == "lane" && !perLane) {
                error(where, "'lane' is defined only in a measurement with 'lanes'");
                continue;
            }
            std::vector<std::string> names;
            for (const auto& [name, symbol] : scope)
                names.push_back(name);
            error(where, "undefined variable '" + var.name + "'" + didYouMean(var.name, names));
        } else if (it->second.kind == Kind::Text) {
            error(where, "'" + var.name + "' is text, not a number");
        } else if (it->second.kind == Kind::PerLane && !perLane) {
            error(where, "'" + var.name + "' has one value per lane: use " + var.name + ".min, " + var.name +
                             ".max or " + var.name + ".mean here");
        }
    }
}

const MethodSignature* StepValidator::checkCall(const InstrumentCall& call, const Scope& scope, bool perLane) {
    const Role* role = m_sequence.role(call.role);
    if (!role) {
        std::vector<std::string> roles;
        for (const Role& r : m_sequence.roles)
            roles.push_back(r.name);
        error(call.where, "unknown instrument role '" + call.role + "'" +
                              (roles.empty() ? std::string(" (the sequence declares no instruments)")
                                             : didYouMean(call.role, roles)));
        return nullptr;
    }
    const auto classes = m_catalog.classes();
    if (std::find(classes.begin(), classes.end(), role->instrumentClass) == classes.end())
        return nullptr; // reported once, at the role
    const MethodSignature* sig = m_catalog.method(role->instrumentClass, call.method);
    if (!sig) {
        core::SourceLocation where = call.where;
        if (where.column > 0)
            where.column += static_cast<int>(call.role.size()) + 1;
        error(where, "unknown method '" + call.method + "' of " + call.role + " (" + role->instrumentClass + ")" +
                         didYouMean(call.method, m_catalog.methods(role->instrumentClass)));
        return nullptr;
    }
    checkArguments(call.args, sig->params, call.role + "." + call.method, call.where, scope, perLane);
    return sig;
}

void StepValidator::checkArguments(const std::vector<Argument>& args, const std::vector<MethodParam>& params,
                                   const std::string& callee, const core::SourceLocation& where, const Scope& scope,
                                   bool perLane) {
    std::vector<std::string> names;
    for (const MethodParam& p : params)
        names.push_back(p.name);
    const bool subsequence = callee.starts_with("sub-sequence");
    std::set<std::string> misspelt; // parameters an unknown argument was probably meant for: not "missing" too
    for (const Argument& arg : args) {
        auto param =
            std::find_if(params.begin(), params.end(), [&](const MethodParam& p) { return p.name == arg.name; });
        if (param == params.end()) {
            misspelt.insert(closestMatch(arg.name, names));
            error(arg.where, callee + (subsequence ? " has no parameter '" : " has no argument '") + arg.name + "'" +
                                 (names.empty() ? std::string(" (it takes none)") : didYouMean(arg.name, names)));
            continue;
        }
        const std::string label = "argument '" + arg.name + "' of " + callee;
        if (arg.isList && param->kind != ValueKind::NumberArray) {
            error(arg.value.where, label + " takes " + kindName(param->kind) + ", not a list");
            continue;
        }
        switch (param->kind) {
        case ValueKind::Text:
            if (!arg.unit.empty())
                error(arg.value.where, label + " is text and has no unit");
            else if (trim(arg.value.text).empty())
                error(arg.value.where, label + " is empty");
            continue;
        case ValueKind::Bool: {
            const std::string t = trim(arg.value.text);
            if (t == "yes" || t == "no" || t == "on" || t == "off") {
                error(arg.value.where, label + " must be true or false (or an expression), not '" + t + "'");
                continue;
            }
            break;
        }
        case ValueKind::Integer:
            if (auto v = literal(arg.value.text); v && *v != static_cast<double>(static_cast<long long>(*v))) {
                error(arg.value.where, label + " must be a whole number, not '" + trim(arg.value.text) + "'");
                continue;
            }
            break;
        default:
            break;
        }
        if (arg.isList) {
            for (const Expression& item : arg.items)
                checkExpression(item, scope, perLane);
        } else {
            checkExpression(arg.value, scope, perLane);
        }
        // Units: an explicit one must convert to the parameter's; a bare variable's declared one must equal it
        // (the engine passes variables as they are, so a compatible but different unit needs an explicit unit).
        if (!arg.unit.empty()) {
            if (!core::compatible(arg.unit, param->unit))
                error(arg.value.where,
                      "incompatible units: " + label + " is in " + unitLabel(param->unit) + ", not " + arg.unit);
        } else if (const Symbol* s = arg.isList ? nullptr : unitOf(arg.value, scope); s && s->unit != param->unit) {
            const std::string var = trim(arg.value.text);
            if (!core::compatible(s->unit, param->unit))
                error(arg.value.where, "incompatible units: '" + var + "' is in " + unitLabel(s->unit) + " but " +
                                           label + " is in " + unitLabel(param->unit));
            else
                error(arg.value.where, "'" + var + "' is in " + unitLabel(s->unit) + " but " + label + " is in " +
                                           unitLabel(param->unit) + ": write {value: " + var + ", unit: " + s->unit +
                                           "}");
        }
    }
    for (const MethodParam& p : params)
        if (!p.optional && !misspelt.count(p.name) &&
            std::none_of(args.begin(), args.end(), [&](const Argument& a) { return a.name == p.name; }))
            error(where, callee + " needs argument '" + p.name + "'");
}

void StepValidator::checkLimit(const Limit& limit, const std::string& label, const std::string& prefix,
                               const std::map<std::string, core::SourceLocation>& fieldWhere,
                               const core::SourceLocation& where, std::vector<core::Diagnostic>& out) {
    const core::SourceLocation at = field(fieldWhere, prefix, where);
    const std::string comparator(toString(limit.comparator));
    if (!core::findUnit(limit.unit))
        out.push_back({field(fieldWhere, prefix + ".unit", at), "unknown unit '" + limit.unit + "'"});
    struct Bound {
        const char* name;
        const std::optional<double>& value;
        bool needed;
    };
    const Bound bounds[] = {{"low", limit.low, needsLow(limit.comparator)},
                            {"high", limit.high, needsHigh(limit.comparator)},
                            {"nominal", limit.nominal, needsNominal(limit.comparator)}};
    for (const Bound& b : bounds) {
        if (b.needed && !b.value)
            out.push_back({at, label + ": comparator " + comparator + " needs '" + b.name + "'"});
        else if (!b.needed && b.value)
            out.push_back({field(fieldWhere, prefix + "." + b.name, at),
                           label + ": comparator " + comparator + " does not use '" + b.name + "'"});
    }
    if (limit.low && limit.high && needsLow(limit.comparator) && needsHigh(limit.comparator)) {
        const core::SourceLocation lowAt = field(fieldWhere, prefix + ".low", at);
        if (*limit.low > *limit.high)
            out.push_back({lowAt, label + ": low (" + core::shortestText(*limit.low) + ") is above high (" +
                                      core::shortestText(*limit.high) + ")"});
        else if (*limit.low == *limit.high && limit.comparator != Comparator::GELE)
            out.push_back({lowAt, label + ": low equals high, so nothing can pass " + comparator});
    }
}

void StepValidator::checkMeasurementLimits(const MeasurementSpec& m, const std::string& unit) {
    const core::SourceLocation at = field(m.fieldWhere, "limit", field(m.fieldWhere, "name", m.where));
    const std::string label = "measurement '" + m.name + "'";
    if (m.inlineLimit) {
        checkLimit(*m.inlineLimit, "the limit of " + label, "limit", m.fieldWhere, at, m_out);
        if (core::findUnit(m.inlineLimit->unit) && core::findUnit(unit) && !core::compatible(unit, m.inlineLimit->unit))
            error(field(m.fieldWhere, "limit.unit", at), "incompatible units: the limit of " + label + " is in " +
                                                             unitLabel(m.inlineLimit->unit) +
                                                             " but the measurement is in " + unitLabel(unit));
        return;
    }
    if (m.fieldWhere.count("limit") && !m.inlineLimit && m.limitName.empty())
        return; // an inline limit the loader could not read: reported there
    m_namedLimitsUsed = true;
    if (m_sequence.limitSets.empty()) {
        error(at, label + " takes limit '" + m.limitName +
                      "' from the limit sets, but the sequence has none (add 'limits:' or give the limit inline)");
        return;
    }
    for (const LimitSet& set : m_sequence.limitSets) {
        if (std::find(set.unreadable.begin(), set.unreadable.end(), m.limitName) != set.unreadable.end())
            continue;
        auto it = set.limits.find(m.limitName);
        if (it == set.limits.end()) {
            std::vector<std::string> names;
            for (const auto& [name, limit] : set.limits)
                names.push_back(name);
            error(at, "no limit '" + m.limitName + "' for part number '" + set.identity() + "'" +
                          didYouMean(m.limitName, names));
            continue;
        }
        if (core::findUnit(it->second.unit) && core::findUnit(unit) && !core::compatible(unit, it->second.unit))
            error(at, "incompatible units: limit '" + m.limitName + "' for part number '" + set.identity() +
                          "' is in " + unitLabel(it->second.unit) + " but " + label + " is in " + unitLabel(unit));
    }
}

void StepValidator::checkLaneBound(const MeasurementSpec& m, const MethodSignature& sig) {
    // Without a list argument the method returns its whole list and element i is lane i: a lane beyond the lanes
    // it has would have no value. (With a list, the list and the lanes are the same length and pair in order.)
    if (sig.lanes <= 0 || m.lanes->dynamic())
        return;
    for (int lane : m.lanes->lanes) {
        if (lane > sig.lanes) {
            error(m.lanes->where, "lane " + std::to_string(lane) + " is beyond the " + std::to_string(sig.lanes) +
                                      " lanes " + m.call->role + "." + m.call->method + " returns");
            return;
        }
    }
}

void StepValidator::checkMeasurements(const Step& step, Scope& scope) {
    std::set<std::string> seen;
    const std::string id = stepId(step.name);
    for (const MeasurementSpec& m : step.measurements) {
        const core::SourceLocation nameAt = field(m.fieldWhere, "name", m.where);
        if (!m.name.empty() && !seen.insert(m.name).second)
            error(nameAt, "duplicate measurement name '" + m.name + "' in step '" + step.name + "'");
        const bool perLane = m.lanes.has_value();
        Scope local = scope;
        if (perLane)
            local["lane"] = Symbol{Kind::Number, "", false};
        std::string unit = m.unit;
        bool unitKnown = true;
        bool array = false;
        if (m.call) {
            const MethodSignature* sig = checkCall(*m.call, local, perLane);
            if (!sig) {
                unitKnown = m.fieldWhere.count("unit") > 0;
            } else if (sig->returns != ValueKind::Number && sig->returns != ValueKind::NumberArray &&
                       sig->returns != ValueKind::Integer) {
                error(m.call->where, "a measurement needs a number; " + m.call->role + "." + m.call->method +
                                         " returns " + kindName(sig->returns));
                unitKnown = false;
            } else {
                array = sig->returns == ValueKind::NumberArray;
                if (!m.fieldWhere.count("unit")) {
                    unit = sig->returnUnit;
                } else if (!core::compatible(m.unit, sig->returnUnit)) {
                    error(field(m.fieldWhere, "unit", m.where),
                          "incompatible units: measurement '" + m.name + "' is declared in " + unitLabel(m.unit) +
                              " but " + m.call->role + "." + m.call->method + " returns " + unitLabel(sig->returnUnit));
                    unitKnown = false; // its limits cannot be judged against a unit that is itself wrong
                }
            }
            if (sig && array) {
                // One element per lane; without lanes the call must read exactly one channel.
                const Argument* list = nullptr;
                for (const Argument& a : m.call->args)
                    if (a.isList)
                        list = &a;
                if (!perLane && (!list || list->items.size() != 1))
                    error(m.call->where, m.call->role + "." + m.call->method +
                                             " returns one value per lane or channel: give the measurement "
                                             "'lanes' (or read a single channel)");
                else if (perLane && list && !m.lanes->dynamic() && list->items.size() != m.lanes->lanes.size())
                    error(m.lanes->where, "'lanes' lists " + std::to_string(m.lanes->lanes.size()) + " lanes but '" +
                                              list->name + "' lists " + std::to_string(list->items.size()));
                else if (perLane && !list)
                    checkLaneBound(m, *sig);
            }
        } else if (m.expr) {
            checkExpression(*m.expr, local, perLane);
        } else {
            unitKnown = false; // neither read nor computed: the loader reported why
        }
        if (m.lanes && m.lanes->dynamic()) {
            checkExpression(*m.lanes->from, scope, false);
            checkExpression(*m.lanes->to, scope, false);
        } else if (m.lanes && m.lanes->lanes.empty()) {
            error(m.lanes->where, "'lanes' is empty");
        }
        if (m.lane)
            checkExpression(*m.lane, scope, false);
        if (unitKnown)
            checkMeasurementLimits(m, unit);
        if (!m.name.empty()) {
            const bool declared = unitKnown && (!unit.empty() || m.fieldWhere.count("unit") > 0);
            const Symbol symbol{perLane ? Kind::PerLane : Kind::Number, unit, declared};
            define(scope, m.name, symbol);
            if (!id.empty())
                define(scope, id + "." + m.name, symbol);
            if (m.lanes) // one lane's value: ber_3
                for (int lane : m.lanes->lanes)
                    scope[m.name + "_" + std::to_string(lane)] = Symbol{Kind::Number, unit, declared};
        }
    }
}

void StepValidator::checkString(const Step& step, Scope& scope) {
    if (!step.stringCheck)
        return;
    const StringSpec& spec = *step.stringCheck;
    if (spec.call) {
        const MethodSignature* sig = checkCall(*spec.call, scope, false);
        if (sig && sig->returns != ValueKind::Text)
            error(spec.call->where, "a string step reads text; " + spec.call->role + "." + spec.call->method +
                                        " returns " + kindName(sig->returns));
    } else if (spec.expr) {
        const std::string name = trim(spec.expr->text);
        auto it = scope.find(name);
        if (it == scope.end()) {
            std::vector<std::string> names;
            for (const auto& [n, symbol] : scope)
                if (symbol.kind == Kind::Text)
                    names.push_back(n);
            error(spec.expr->where, "undefined text variable '" + name + "'" + didYouMean(name, names));
        } else if (it->second.kind != Kind::Text) {
            error(spec.expr->where, "'" + name + "' is a number, not text");
        }
    }
    if (spec.equals.size() > 1 && spec.equals.front() == '$') {
        const std::string name = spec.equals.substr(1);
        auto it = scope.find(name);
        if (it == scope.end() || it->second.kind != Kind::Text) {
            std::vector<std::string> names;
            for (const auto& [n, symbol] : scope)
                if (symbol.kind == Kind::Text)
                    names.push_back(n);
            error(field(step.fieldWhere, "equals", step.where),
                  "equals '$" + name + "': no text variable '" + name + "'" + didYouMean(name, names));
        }
    }
    if (!spec.pattern.empty()) {
        try {
            std::regex check(spec.pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            error(field(step.fieldWhere, "pattern", step.where), "invalid regular expression '" + spec.pattern + "'");
        }
    }
    const std::string name = spec.measurementName.empty() ? stepId(step.name) : spec.measurementName;
    if (!name.empty())
        scope[name] = Symbol{Kind::Text, "", false};
}

void StepValidator::checkWaitUntil(const Step& step, const Scope& scope) {
    if (!step.waitUntil)
        return;
    const WaitUntilSpec& spec = *step.waitUntil;
    if (const MethodSignature* sig = checkCall(spec.read, scope, false)) {
        // A list reader asked for exactly one channel reads a number (a DAQ thermocouple), as in a measurement.
        const bool oneChannel = sig->returns == ValueKind::NumberArray &&
                                std::any_of(spec.read.args.begin(), spec.read.args.end(),
                                            [](const Argument& a) { return a.isList && a.items.size() == 1; });
        if (sig->returns != ValueKind::Number && !oneChannel)
            error(spec.read.where, "wait_until reads a number; " + spec.read.role + "." + spec.read.method +
                                       " returns " + kindName(sig->returns));
        else if (step.fieldWhere.count("unit") && !core::compatible(spec.unit, sig->returnUnit))
            error(step.fieldWhere.at("unit"), "incompatible units: " + spec.read.role + "." + spec.read.method +
                                                  " returns " + unitLabel(sig->returnUnit) + ", not " +
                                                  unitLabel(spec.unit));
    }
    checkExpression(spec.target, scope, false);
    checkExpression(spec.tolerance, scope, false);
    if (auto tol = literal(spec.tolerance.text); tol && *tol < 0)
        error(spec.tolerance.where, "tolerance must not be negative");
    if (spec.timeout.count() > 0 && spec.stableFor >= spec.timeout)
        error(field(step.fieldWhere, "stable_for", step.where),
              "stable_for is not shorter than the timeout: the condition could never be met in time");
    if (spec.pollInterval.count() <= 0 && step.fieldWhere.count("poll"))
        error(step.fieldWhere.at("poll"), "poll must be positive");
}

void StepValidator::checkForEach(const Step& step, Scope& scope) {
    if (!step.forEach)
        return;
    Scope body = checkLoop(step, scope);
    // What the body measured stays visible after the loop (its last iteration's values); the loop variable does not.
    for (auto& [name, symbol] : body)
        if (name != step.forEach->variable && !scope.count(name))
            scope[name] = symbol;
}

StepValidator::Scope StepValidator::checkLoop(const Step& step, const Scope& scope) {
    const ForEachSpec& spec = *step.forEach;
    for (const Expression& v : spec.values)
        checkExpression(v, scope, false);
    for (const auto* e : {&spec.from, &spec.to, &spec.step})
        if (*e)
            checkExpression(**e, scope, false);
    if (spec.from && spec.to && spec.step) {
        const auto from = literal(spec.from->text);
        const auto to = literal(spec.to->text);
        const auto by = literal(spec.step->text);
        if (by && *by == 0)
            error(spec.step->where, "range step must not be 0");
        else if (from && to && by && (*to - *from) / *by < 0)
            error(spec.step->where, "range from " + trim(spec.from->text) + " to " + trim(spec.to->text) + " by " +
                                        trim(spec.step->text) + " never runs");
    }
    Scope body = scope;
    if (!spec.variable.empty()) {
        if (scope.count(spec.variable))
            error(field(step.fieldWhere, "variable", step.where),
                  "loop variable '" + spec.variable + "' hides a variable of the same name");
        body[spec.variable] = Symbol{Kind::Number, spec.unit, !spec.unit.empty()};
    }
    checkSteps(spec.body, body);
    return body;
}

void StepValidator::checkSweep(const Step& step, Scope& scope) {
    if (!step.forEach || !step.sweep)
        return;
    const SweepSpec& sweep = *step.sweep;
    Scope body = checkLoop(step, scope);
    const auto y = body.find(sweep.y);
    const bool perLane = y != body.end() && y->second.kind == Kind::PerLane;
    if (!sweep.y.empty() && (y == body.end() || y->second.kind == Kind::Text || scope.count(sweep.y)))
        error(field(step.fieldWhere, "y", step.where),
              "y must name a numeric measurement the sweep's steps record; '" + sweep.y + "' is not one");
    Scope point = body;
    if (perLane)
        point["lane"] = Symbol{Kind::Number, "", false};
    checkExpression(sweep.x, point, perLane);
    if (sweep.until)
        checkExpression(*sweep.until, body, false);
    if (sweep.crossing) {
        const CrossingSpec& c = *sweep.crossing;
        MeasurementSpec m;
        m.name = c.name;
        m.limitName = c.limitName;
        m.inlineLimit = c.inlineLimit;
        m.where = c.where;
        checkMeasurementLimits(m, c.unit);
        if (!c.name.empty())
            define(scope, c.name, Symbol{perLane ? Kind::PerLane : Kind::Number, c.unit, !c.unit.empty()});
    }
    for (auto& [name, symbol] : body) // as for_each: the last point's values stay visible
        if (name != step.forEach->variable && !scope.count(name))
            scope[name] = symbol;
}

void StepValidator::checkCallStep(const Step& step, const Scope& scope) {
    if (!step.callSequence)
        return;
    const CallSpec& call = *step.callSequence;
    const Subsequence* sub = m_sequence.subsequence(call.subsequence);
    if (!sub)
        return; // undefined sub-sequences are reported with the call graph
    std::vector<MethodParam> params;
    for (const Parameter& p : sub->params)
        params.push_back(MethodParam{p.name, p.isText ? ValueKind::Text : ValueKind::Number, p.unit, true});
    checkArguments(call.args, params, "sub-sequence '" + sub->name + "'",
                   field(step.fieldWhere, "subsequence", step.where), scope, false);
}

void StepValidator::checkPrompt(const Step& step, Scope& scope) {
    if (!step.prompt)
        return;
    const PromptSpec& spec = *step.prompt;
    if (trim(spec.message).empty() && step.fieldWhere.count("message"))
        error(step.fieldWhere.at("message"), "the prompt message is empty");
    if (spec.min && spec.max && *spec.min > *spec.max)
        error(field(step.fieldWhere, "min", step.where), "prompt min (" + core::shortestText(*spec.min) +
                                                             ") is above max (" + core::shortestText(*spec.max) + ")");
    if (!spec.pattern.empty()) {
        try {
            std::regex check(spec.pattern, std::regex::ECMAScript);
        } catch (const std::regex_error&) {
            error(field(step.fieldWhere, "pattern", step.where), "invalid regular expression '" + spec.pattern + "'");
        }
    }
    if (!spec.storeAs.empty())
        scope[spec.storeAs] = Symbol{spec.kind == PromptKind::Text ? Kind::Text : Kind::Number, "", false};
}

void StepValidator::checkCustom(const Step& step, const Scope& scope) {
    const CustomStepType* type = m_options.stepTypes ? m_options.stepTypes->find(step.customType) : nullptr;
    if (!type) {
        error(field(step.fieldWhere, "type", step.where), "unknown step type '" + step.customType + "'");
        return;
    }
    checkArguments(step.customArgs, type->params, step.customType + " step '" + step.name + "'", step.where, scope,
                   false);
}

} // namespace optiqual::sequences
