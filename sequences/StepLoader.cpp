#include "sequences/StepLoader.h"

#include "core/NumberText.h"
#include "core/Quantity.h"
#include "sequences/LimitSetLoader.h"
#include "sequences/PromptImage.h"
#include "sequences/Spelling.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace optiqual::sequences {

namespace {

const std::vector<std::string> kCommonFields{"name",    "type",     "description", "if",    "retry", "on_fail",
                                             "timeout", "run_mode", "override",    "batch", "lease"};

std::vector<std::string> allStepFields() {
    std::vector<std::string> all;
    for (const StepTypeInfo& row : stepTypes())
        for (const std::string& f : row.fields)
            if (std::find(all.begin(), all.end(), f) == all.end())
                all.push_back(f);
    return all;
}

std::vector<std::string> concat(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    std::vector<std::string> out = a;
    out.insert(out.end(), b.begin(), b.end());
    return out;
}

// The first value of `key` in a mapping, without checking anything else (the step's type decides which fields
// are allowed, so it is looked up before the fields are).
YAML::Node rawField(const YAML::Node& map, std::string_view key) {
    for (auto it = map.begin(); it != map.end(); ++it)
        if (it->first.IsScalar() && it->first.Scalar() == key)
            return it->second;
    return YAML::Node(YAML::NodeType::Undefined);
}

} // namespace

StepLoader::StepLoader(YamlReader& reader, const StepTypeRegistry* customTypes, std::string baseDirectory)
    : m_reader(reader), m_customTypes(customTypes), m_baseDirectory(std::move(baseDirectory)) {}

std::vector<Step> StepLoader::readSteps(const YAML::Node& list, std::string_view what) {
    std::vector<Step> steps;
    if (list.IsNull())
        return steps; // `cleanup:` with nothing under it
    if (!m_reader.expectSequence(list, what))
        return steps;
    for (const YAML::Node& item : list)
        if (auto step = readStep(item))
            steps.push_back(std::move(*step));
    return steps;
}

bool StepLoader::require(const YamlReader::Fields& f, const char* key, const core::SourceLocation& where,
                         std::string_view what) {
    if (f.has(key))
        return true;
    // A misspelt key was reported already ("unknown field 'duraton' … did you mean 'duration'?"): say it once.
    const bool misspelt = std::any_of(f.rejected.begin(), f.rejected.end(),
                                      [&](const std::string& r) { return closestMatch(r, {key}) == key; });
    if (!misspelt)
        m_reader.error(where, std::string(what) + " needs '" + key + "'");
    return false;
}

std::optional<Expression> StepLoader::expressionField(const YamlReader::Fields& f, const char* key,
                                                      std::string_view what) {
    if (!f.has(key))
        return std::nullopt;
    return m_reader.expression(f.get(key), std::string("'") + key + "' of " + std::string(what));
}

std::optional<Step> StepLoader::readStep(const YAML::Node& node) {
    if (!m_reader.expectMap(node, "a step"))
        return std::nullopt;
    Step step;
    step.where = m_reader.at(node);
    const YAML::Node typeNode = rawField(node, "type");
    const YAML::Node nameNode = rawField(node, "name");
    const std::string quotedName =
        nameNode.IsDefined() && nameNode.IsScalar() ? " '" + nameNode.Scalar() + "'" : std::string();

    std::optional<StepType> type;
    if (!typeNode.IsDefined()) {
        m_reader.error(node, "step" + quotedName + " has no type");
    } else if (typeNode.IsScalar()) {
        const std::string& typeName = typeNode.Scalar();
        type = parseStepType(typeName);
        if (!type && m_customTypes && m_customTypes->find(typeName)) {
            type = StepType::Custom;
            step.customType = typeName;
        }
        if (!type) {
            std::vector<std::string> known;
            for (const StepTypeInfo& row : stepTypes())
                if (row.type != StepType::Custom)
                    known.emplace_back(row.name);
            if (m_customTypes)
                for (const std::string& custom : m_customTypes->names())
                    known.push_back(custom);
            m_reader.error(m_reader.contentAt(typeNode),
                           "unknown step type '" + typeName + "'" + didYouMean(typeName, known));
        }
    } else {
        m_reader.expectScalar(typeNode, "type");
    }
    if (!type) {
        // Still report misspelt fields, but not fields of another type: the type is what is wrong.
        m_reader.fields(node, "a step", concat(kCommonFields, allStepFields()));
        return std::nullopt;
    }
    step.type = *type;
    const std::string typeLabel = *type == StepType::Custom ? step.customType : std::string(toString(*type));
    m_stepLabel = typeLabel + " step" + quotedName;
    const auto f = m_reader.fields(node, typeLabel + " step" + quotedName, concat(kCommonFields, info(*type).fields),
                                   allStepFields());
    for (const auto& e : f.entries)
        step.fieldWhere[e.key] = m_reader.contentAt(e.value);
    readCommon(f, step);
    readTypeFields(f, step);
    return step;
}

void StepLoader::readCommon(const YamlReader::Fields& f, Step& step) {
    if (f.has("name")) {
        if (auto name = m_reader.text(f.get("name"), "step name"))
            step.name = *name;
    } else {
        m_reader.error(step.where, m_stepLabel + " has no name");
    }
    if (f.has("if"))
        step.precondition = m_reader.expression(f.get("if"), "'if'");
    if (f.has("retry"))
        readRetry(f.get("retry"), step.retry);
    if (f.has("on_fail")) {
        if (auto v = m_reader.text(f.get("on_fail"), "on_fail")) {
            if (*v == "continue")
                step.onFail = OnFail::Continue;
            else if (*v == "stop")
                step.onFail = OnFail::Stop;
            else
                m_reader.error(m_reader.contentAt(f.get("on_fail")), "on_fail must be 'continue' or 'stop', not '" +
                                                                         *v + "'" +
                                                                         didYouMean(*v, {"continue", "stop"}));
        }
    }
    if (f.has("timeout")) {
        auto t = m_reader.duration(f.get("timeout"), "timeout");
        if (step.type == StepType::WaitUntil) {
            if (!step.waitUntil)
                step.waitUntil.emplace();
            if (t)
                step.waitUntil->timeout = *t;
        } else if (step.type == StepType::Prompt) {
            if (!step.prompt)
                step.prompt.emplace();
            if (t)
                step.prompt->timeout = *t;
        } else {
            step.timeout = t;
        }
    }
    if (f.has("run_mode")) {
        if (auto v = m_reader.text(f.get("run_mode"), "run_mode")) {
            if (const auto mode = parseRunMode(*v))
                step.runMode = *mode;
            else
                m_reader.error(m_reader.contentAt(f.get("run_mode")),
                               "run_mode must be normal, skip, force_pass or force_fail, not '" + *v + "'" +
                                   didYouMean(*v, runModeNames()));
        }
    }
    if (f.has("override"))
        readOverride(f.get("override"), step);
    if (f.has("batch"))
        if (auto b = m_reader.boolean(f.get("batch"), "batch"))
            step.batch = *b;
    if (f.has("lease")) {
        const YAML::Node lease = f.get("lease");
        if (lease.IsSequence()) {
            for (const auto& role : lease)
                if (auto r = m_reader.text(role, "lease role")) {
                    step.lease.push_back(*r);
                    step.leaseWhere.push_back(m_reader.at(role));
                }
        } else if (auto r = m_reader.text(lease, "lease")) {
            step.lease.push_back(*r);
            step.leaseWhere.push_back(m_reader.at(lease));
        }
    }
}

void StepLoader::readRetry(const YAML::Node& node, RetryPolicy& retry) {
    if (node.IsScalar()) { // `retry: 2` — two more attempts on fail
        if (auto n = m_reader.integer(node, "retry"))
            retry.count = *n;
    } else {
        auto f = m_reader.fields(node, "retry", {"count", "on", "delay"});
        if (!node.IsMap())
            return;
        if (require(f, "count", m_reader.at(node), "retry"))
            if (auto n = m_reader.integer(f.get("count"), "retry count"))
                retry.count = *n;
        if (f.has("on")) {
            retry.onFail = false;
            retry.onError = false;
            YAML::Node on = f.get("on");
            std::vector<YAML::Node> items;
            if (on.IsSequence()) {
                for (const YAML::Node& item : on)
                    items.push_back(item);
            } else {
                items.push_back(on);
            }
            for (const YAML::Node& item : items) {
                auto v = m_reader.text(item, "retry 'on'");
                if (!v)
                    continue;
                if (*v == "fail")
                    retry.onFail = true;
                else if (*v == "error")
                    retry.onError = true;
                else
                    m_reader.error(m_reader.contentAt(item), "retry 'on' takes fail and/or error, not '" + *v + "'" +
                                                                 didYouMean(*v, {"fail", "error"}));
            }
        }
        if (f.has("delay"))
            if (auto d = m_reader.duration(f.get("delay"), "retry delay"))
                retry.delay = *d;
    }
    if (retry.count < 0)
        m_reader.error(m_reader.contentAt(node), "retry count must not be negative");
}

void StepLoader::readOverride(const YAML::Node& node, Step& step) {
    auto f = m_reader.fields(node, "override", {"by", "reason"});
    if (!node.IsMap())
        return;
    if (f.has("by"))
        if (auto by = m_reader.text(f.get("by"), "override 'by'"))
            step.overrideBy = *by;
    if (f.has("reason"))
        if (auto reason = m_reader.text(f.get("reason"), "override 'reason'"))
            step.overrideReason = *reason;
}

void StepLoader::readTypeFields(const YamlReader::Fields& f, Step& step) {
    switch (step.type) {
    case StepType::Action:
        if (require(f, "call", step.where, m_stepLabel))
            step.call = readCall(f, "call", m_stepLabel);
        break;
    case StepType::Measure:
    case StepType::Compute:
        readMeasurements(f, step);
        break;
    case StepType::PassFail:
        readPassFail(f, step);
        break;
    case StepType::String:
        readString(f, step);
        break;
    case StepType::Wait:
        if (require(f, "duration", step.where, m_stepLabel))
            if (auto d = m_reader.duration(f.get("duration"), "duration"))
                step.duration = *d;
        break;
    case StepType::WaitUntil:
        readWaitUntil(f, step);
        break;
    case StepType::ForEach:
        readForEach(f, step);
        break;
    case StepType::Call:
        if (require(f, "subsequence", step.where, m_stepLabel)) {
            CallSpec call;
            if (auto name = m_reader.text(f.get("subsequence"), "subsequence"))
                call.subsequence = *name;
            if (f.has("args"))
                call.args = readArgs(f.get("args"), "args");
            step.callSequence = std::move(call);
        }
        break;
    case StepType::Prompt:
        readPrompt(f, step);
        break;
    case StepType::Sweep:
        readForEach(f, step);
        readSweep(f, step);
        break;
    case StepType::Custom:
        if (f.has("args"))
            step.customArgs = readArgs(f.get("args"), "args");
        break;
    }
}

std::optional<InstrumentCall> StepLoader::readCall(const YamlReader::Fields& f, const char* key,
                                                   std::string_view what) {
    const YAML::Node node = f.get(key);
    auto text = m_reader.text(node, std::string("'") + key + "' of " + std::string(what));
    if (!text)
        return std::nullopt;
    InstrumentCall call;
    call.where = m_reader.contentAt(node);
    const auto dot = text->find('.');
    if (dot == std::string::npos || !YamlReader::isIdentifier(text->substr(0, dot)) ||
        !YamlReader::isIdentifier(text->substr(dot + 1))) {
        m_reader.error(call.where, "'" + *text +
                                       "' is not an instrument call: write role.method, e.g. "
                                       "psu.setVoltage");
        return std::nullopt;
    }
    call.role = text->substr(0, dot);
    call.method = text->substr(dot + 1);
    if (f.has("args"))
        call.args = readArgs(f.get("args"), "args of " + *text);
    return call;
}

std::vector<Argument> StepLoader::readArgs(const YAML::Node& node, std::string_view what) {
    std::vector<Argument> args;
    if (node.IsNull())
        return args;
    const auto entries = m_reader.namedEntries(node, what);
    for (const auto& e : entries.entries)
        if (auto arg = readArgument(e))
            args.push_back(std::move(*arg));
    return args;
}

std::optional<Argument> StepLoader::readArgument(const YamlReader::Fields::Entry& e) {
    Argument arg;
    arg.name = e.key;
    arg.where = m_reader.at(e.keyNode);
    const std::string what = "argument '" + e.key + "'";
    if (e.value.IsSequence()) {
        arg.isList = true;
        for (const YAML::Node& item : e.value)
            if (auto x = m_reader.expression(item, "an element of " + what))
                arg.items.push_back(std::move(*x));
        arg.value.where = m_reader.at(e.value);
        return arg;
    }
    if (e.value.IsMap()) { // {value: 3300, unit: mV}
        auto f = m_reader.fields(e.value, what, {"value", "unit"});
        if (!require(f, "value", m_reader.at(e.value), what))
            return std::nullopt;
        auto value = m_reader.expression(f.get("value"), "value of " + what);
        if (!value)
            return std::nullopt;
        arg.value = std::move(*value);
        if (f.has("unit"))
            if (auto unit = m_reader.unit(f.get("unit"), "unit of " + what))
                arg.unit = *unit;
        return arg;
    }
    auto value = m_reader.expression(e.value, what);
    if (!value)
        return std::nullopt;
    arg.value = std::move(*value);
    // `volts: 3300 mV`: a number followed by a unit is that quantity; anything else is an expression.
    if (auto q = core::Quantity::parse(arg.value.text); q && !q->symbol().empty()) {
        arg.value.text = core::shortestText(q->value());
        arg.unit = std::string(q->symbol());
    }
    return arg;
}

std::optional<LaneSpec> StepLoader::readLanes(const YAML::Node& node) {
    LaneSpec lanes;
    lanes.where = m_reader.contentAt(node);
    if (node.IsMap()) { // {from: EXPR, to: EXPR}: a range the run decides (the lanes of the port under test)
        auto f = m_reader.fields(node, "lanes", {"from", "to"});
        if (require(f, "from", lanes.where, "lanes") && require(f, "to", lanes.where, "lanes")) {
            lanes.from = m_reader.expression(f.get("from"), "lanes 'from'");
            lanes.to = m_reader.expression(f.get("to"), "lanes 'to'");
            if (lanes.from && lanes.to)
                return lanes;
        }
        return std::nullopt;
    }
    const std::string bound = "1.." + std::to_string(LaneSpec::kMaxLane);
    // Lanes count from 1 and stop at kMaxLane: a file cannot make the engine allocate or record without bound.
    auto inRange = [&](int lane, const core::SourceLocation& where) {
        if (lane >= 1 && lane <= LaneSpec::kMaxLane)
            return true;
        m_reader.error(where, "lane " + std::to_string(lane) + " is outside " + bound);
        return false;
    };
    if (node.IsSequence()) {
        if (node.size() > std::size_t(LaneSpec::kMaxLane)) {
            m_reader.error(lanes.where, "'lanes' lists " + std::to_string(node.size()) + " lanes; at most " +
                                            std::to_string(LaneSpec::kMaxLane) + " are allowed");
            return std::nullopt;
        }
        std::vector<bool> seen(std::size_t(LaneSpec::kMaxLane) + 1);
        for (const YAML::Node& item : node) {
            auto lane = m_reader.integer(item, "a lane");
            if (!lane || !inRange(*lane, m_reader.contentAt(item)))
                continue;
            // A lane listed twice would record two rows for one (step, measurement, lane).
            if (seen[std::size_t(*lane)])
                m_reader.error(m_reader.contentAt(item), "lane " + std::to_string(*lane) + " is listed twice");
            else
                lanes.lanes.push_back(*lane);
            seen[std::size_t(*lane)] = true;
        }
    } else if (node.IsScalar()) {
        const std::string& text = node.Scalar();
        const auto dots = text.find("..");
        if (dots == std::string::npos) {
            if (auto lane = m_reader.integer(node, "lanes"); lane && inRange(*lane, lanes.where))
                lanes.lanes.push_back(*lane);
        } else {
            int first = 0;
            int last = 0;
            auto [p1, e1] = std::from_chars(text.data(), text.data() + dots, first);
            auto [p2, e2] = std::from_chars(text.data() + dots + 2, text.data() + text.size(), last);
            // A range out of bounds is reported here. The measurement keeps lane 1 only, so that the rest of it
            // is still checked and the validator does not also report the lanes as missing or empty (a file
            // with an error never runs).
            if (e1 == std::errc::result_out_of_range || e2 == std::errc::result_out_of_range) {
                m_reader.error(lanes.where, "lane range '" + text + "' goes beyond " + bound);
                lanes.lanes = {1};
                return lanes;
            }
            if (e1 != std::errc() || e2 != std::errc() || p1 != text.data() + dots || p2 != text.data() + text.size()) {
                m_reader.error(lanes.where, "lanes must be a list or a range such as 1..8, not '" + text + "'");
                return std::nullopt;
            }
            if (last < first) {
                m_reader.error(lanes.where, "lane range '" + text + "' runs backwards");
                return std::nullopt;
            }
            if (first < 1 || last > LaneSpec::kMaxLane) {
                m_reader.error(lanes.where, "lane range '" + text + "' goes beyond " + bound);
                lanes.lanes = {1};
                return lanes;
            }
            for (int lane = first; lane <= last; ++lane)
                lanes.lanes.push_back(lane);
        }
    } else {
        m_reader.expectScalar(node, "lanes");
        return std::nullopt;
    }
    return lanes;
}

std::optional<MeasurementSpec> StepLoader::readMeasurement(const YAML::Node& node, StepType type) {
    const bool measure = type == StepType::Measure;
    std::vector<std::string> common{"name", "description", "unit", "limit", "lanes", "lane"};
    const std::vector<std::string> own =
        measure ? std::vector<std::string>{"call", "args"} : std::vector<std::string>{"expr"};
    const std::vector<std::string> other =
        measure ? std::vector<std::string>{"expr"} : std::vector<std::string>{"call", "args"};
    const std::string what = measure ? "a measurement of a measure step" : "a measurement of a compute step";
    auto f = m_reader.fields(node, what, concat(common, own), other);
    if (!node.IsMap())
        return std::nullopt;
    MeasurementSpec m;
    m.where = m_reader.at(node);
    for (const auto& e : f.entries)
        m.fieldWhere[e.key] = m_reader.contentAt(e.value);
    if (require(f, "name", m.where, "a measurement"))
        if (auto name = m_reader.identifier(f.get("name"), "measurement name"))
            m.name = *name;
    const std::string label = m.name.empty() ? std::string("measurement") : "measurement '" + m.name + "'";
    // A measurement written for the other step type ('expr' in a measure step) was reported as such; do not also
    // say that its own field is missing.
    const bool misplaced = std::any_of(f.rejected.begin(), f.rejected.end(), [&](const std::string& key) {
        return std::find(other.begin(), other.end(), key) != other.end();
    });
    if (measure) {
        if ((misplaced && !f.has("call")) || require(f, "call", m.where, label))
            m.call = f.has("call") ? readCall(f, "call", label) : std::nullopt;
    } else if ((misplaced && !f.has("expr")) || require(f, "expr", m.where, label)) {
        if (f.has("expr"))
            m.expr = m_reader.expression(f.get("expr"), "'expr' of " + label);
    }
    if (f.has("unit"))
        if (auto unit = m_reader.unit(f.get("unit"), "unit of " + label))
            m.unit = *unit;
    if (f.has("lanes"))
        m.lanes = readLanes(f.get("lanes"));
    if (f.has("lane")) {
        if (f.has("lanes"))
            m_reader.error(m.fieldWhere["lane"],
                           label + " has both 'lanes' (several lanes) and 'lane' (one): keep one");
        else
            m.lane = expressionField(f, "lane", label);
    }
    if (f.has("limit")) {
        const YAML::Node limit = f.get("limit");
        if (limit.IsMap()) {
            LimitSetLoader limits(m_reader);
            m.inlineLimit = limits.readLimit(limit, "the limit of " + label, "limit", m.fieldWhere);
            m.fieldWhere["limit"] = m_reader.at(limit);
        } else if (auto name = m_reader.text(limit, "limit of " + label)) {
            m.limitName = *name;
        }
    } else {
        m.limitName = m.name;
    }
    return m;
}

void StepLoader::readMeasurements(const YamlReader::Fields& f, Step& step) {
    if (!require(f, "measurements", step.where, m_stepLabel))
        return;
    const YAML::Node list = f.get("measurements");
    if (!m_reader.expectSequence(list, "measurements"))
        return;
    if (list.size() == 0)
        m_reader.error(list, m_stepLabel + " has no measurements");
    for (const YAML::Node& item : list)
        if (auto m = readMeasurement(item, step.type))
            step.measurements.push_back(std::move(*m));
}

void StepLoader::readPassFail(const YamlReader::Fields& f, Step& step) {
    if (f.has("call") == f.has("condition")) {
        m_reader.error(step.where, m_stepLabel + " needs either 'call' (a method returning true/false) or "
                                                 "'condition' (an expression), not both");
        return;
    }
    if (f.has("call"))
        step.call = readCall(f, "call", m_stepLabel);
    else
        step.condition = expressionField(f, "condition", m_stepLabel);
    if (f.has("args") && !f.has("call"))
        m_reader.error(step.fieldWhere["args"], "'args' belongs to a 'call'");
}

void StepLoader::readString(const YamlReader::Fields& f, Step& step) {
    StringSpec spec;
    if (f.has("call") == f.has("value"))
        m_reader.error(step.where, m_stepLabel + " needs either 'call' (a method returning text) or 'value' (a "
                                                 "text variable), not both");
    else if (f.has("call"))
        spec.call = readCall(f, "call", m_stepLabel);
    else
        spec.expr = expressionField(f, "value", m_stepLabel);
    if (f.has("equals") == f.has("pattern"))
        m_reader.error(step.where, m_stepLabel + " needs either 'equals' or 'pattern' (a regular expression)");
    if (f.has("equals"))
        if (auto v = m_reader.text(f.get("equals"), "equals"))
            spec.equals = *v;
    if (f.has("pattern"))
        if (auto v = m_reader.text(f.get("pattern"), "pattern"))
            spec.pattern = *v;
    if (f.has("measurement"))
        if (auto v = m_reader.identifier(f.get("measurement"), "measurement name"))
            spec.measurementName = *v;
    step.stringCheck = std::move(spec);
}

void StepLoader::readWaitUntil(const YamlReader::Fields& f, Step& step) {
    if (!step.waitUntil)
        step.waitUntil.emplace();
    WaitUntilSpec& spec = *step.waitUntil;
    if (require(f, "read", step.where, m_stepLabel))
        if (auto call = readCall(f, "read", m_stepLabel))
            spec.read = std::move(*call);
    if (require(f, "target", step.where, m_stepLabel))
        if (auto e = expressionField(f, "target", m_stepLabel))
            spec.target = std::move(*e);
    if (require(f, "tolerance", step.where, m_stepLabel))
        if (auto e = expressionField(f, "tolerance", m_stepLabel))
            spec.tolerance = std::move(*e);
    require(f, "timeout", step.where, m_stepLabel);
    if (f.has("unit"))
        if (auto unit = m_reader.unit(f.get("unit"), "unit"))
            spec.unit = *unit;
    if (f.has("stable_for"))
        if (auto d = m_reader.duration(f.get("stable_for"), "stable_for"))
            spec.stableFor = *d;
    if (f.has("poll"))
        if (auto d = m_reader.duration(f.get("poll"), "poll"))
            spec.pollInterval = *d;
}

void StepLoader::readForEach(const YamlReader::Fields& f, Step& step) {
    ForEachSpec spec;
    if (require(f, "variable", step.where, m_stepLabel))
        if (auto v = m_reader.identifier(f.get("variable"), "loop variable"))
            spec.variable = *v;
    if (f.has("values") == f.has("range"))
        m_reader.error(step.where, m_stepLabel + " needs either 'values' (a list) or 'range' ({from, to, step})");
    if (f.has("values")) {
        const YAML::Node values = f.get("values");
        if (values.IsScalar() && values.Scalar().find("..") != std::string::npos) { // values: 1..8
            const std::string& text = values.Scalar();
            const auto dots = text.find("..");
            const core::SourceLocation where = m_reader.contentAt(values);
            spec.from = Expression{text.substr(0, dots), where};
            spec.to = Expression{text.substr(dots + 2), {where.file, where.line, where.column + int(dots) + 2}};
            spec.step = Expression{"1", where};
        } else if (m_reader.expectSequence(values, "values")) {
            for (const YAML::Node& item : values)
                if (auto e = m_reader.expression(item, "a value of " + m_stepLabel))
                    spec.values.push_back(std::move(*e));
            if (values.size() == 0)
                m_reader.error(values, m_stepLabel + " has an empty list of values");
        }
    }
    if (f.has("range")) {
        const YAML::Node range = f.get("range");
        auto r = m_reader.fields(range, "range", {"from", "to", "step"});
        if (range.IsMap()) {
            const core::SourceLocation where = m_reader.at(range);
            if (require(r, "from", where, "range"))
                spec.from = m_reader.expression(r.get("from"), "range 'from'");
            if (require(r, "to", where, "range"))
                spec.to = m_reader.expression(r.get("to"), "range 'to'");
            spec.step = r.has("step") ? m_reader.expression(r.get("step"), "range 'step'")
                                      : std::optional<Expression>(Expression{"1", where});
        }
    }
    if (f.has("unit"))
        if (auto unit = m_reader.unit(f.get("unit"), "unit"))
            spec.unit = *unit;
    if (require(f, "steps", step.where, m_stepLabel)) {
        const std::string label = m_stepLabel;
        spec.body = readSteps(f.get("steps"), "steps of " + label);
        m_stepLabel = label;
    }
    step.forEach = std::move(spec);
}

void StepLoader::readSweep(const YamlReader::Fields& f, Step& step) {
    SweepSpec spec;
    if (require(f, "x", step.where, m_stepLabel))
        if (auto x = expressionField(f, "x", m_stepLabel))
            spec.x = std::move(*x);
    if (f.has("x_name"))
        if (auto name = m_reader.identifier(f.get("x_name"), "x_name"))
            spec.xName = *name;
    if (f.has("x_unit"))
        if (auto unit = m_reader.unit(f.get("x_unit"), "x_unit"))
            spec.xUnit = *unit;
    if (require(f, "y", step.where, m_stepLabel))
        if (auto y = m_reader.identifier(f.get("y"), "y (a measurement of the sweep's steps)"))
            spec.y = *y;
    spec.until = expressionField(f, "until", m_stepLabel);
    spec.trace = spec.y;
    if (f.has("trace"))
        if (auto name = m_reader.identifier(f.get("trace"), "trace name"))
            spec.trace = *name;
    if (f.has("crossing")) {
        const YAML::Node node = f.get("crossing");
        auto c = m_reader.fields(node, "crossing", {"name", "level", "unit", "limit"});
        if (node.IsMap()) {
            CrossingSpec crossing;
            crossing.where = m_reader.at(node);
            if (require(c, "name", crossing.where, "crossing"))
                if (auto name = m_reader.identifier(c.get("name"), "crossing name"))
                    crossing.name = *name;
            if (require(c, "level", crossing.where, "crossing"))
                if (auto level = m_reader.number(c.get("level"), "crossing level"))
                    crossing.level = *level;
            crossing.unit = spec.xUnit;
            if (c.has("unit"))
                if (auto unit = m_reader.unit(c.get("unit"), "crossing unit"))
                    crossing.unit = *unit;
            crossing.limitName = crossing.name;
            if (c.has("limit")) {
                const YAML::Node limit = c.get("limit");
                std::map<std::string, core::SourceLocation> where;
                if (limit.IsMap())
                    crossing.inlineLimit = LimitSetLoader(m_reader).readLimit(
                        limit, "the limit of crossing '" + crossing.name + "'", "limit", where);
                else if (auto name = m_reader.text(limit, "crossing limit"))
                    crossing.limitName = *name;
            }
            spec.crossing = std::move(crossing);
        }
    }
    step.sweep = std::move(spec);
}

void StepLoader::readPrompt(const YamlReader::Fields& f, Step& step) {
    if (!step.prompt)
        step.prompt.emplace();
    PromptSpec& spec = *step.prompt;
    if (f.has("kind")) {
        if (auto kind = m_reader.text(f.get("kind"), "prompt kind")) {
            static const std::vector<std::string> kKinds{"message", "confirm", "number", "text"};
            const auto it = std::find(kKinds.begin(), kKinds.end(), *kind);
            if (it == kKinds.end())
                m_reader.error(m_reader.contentAt(f.get("kind")),
                               "prompt kind must be message, confirm, number or text, not '" + *kind + "'" +
                                   didYouMean(*kind, kKinds));
            else
                spec.kind = static_cast<PromptKind>(it - kKinds.begin());
        }
    }
    if (require(f, "message", step.where, m_stepLabel))
        if (auto message = m_reader.text(f.get("message"), "message"))
            spec.message = *message;
    const bool number = spec.kind == PromptKind::Number;
    const bool text = spec.kind == PromptKind::Text;
    for (const char* key : {"min", "max"}) {
        if (!f.has(key))
            continue;
        if (!number) {
            m_reader.error(step.fieldWhere[key], std::string("'") + key + "' applies only to a number prompt");
            continue;
        }
        auto v = m_reader.number(f.get(key), key);
        (std::string_view(key) == "min" ? spec.min : spec.max) = v;
    }
    if (f.has("pattern")) {
        if (!text)
            m_reader.error(step.fieldWhere["pattern"], "'pattern' applies only to a text prompt");
        else if (auto p = m_reader.text(f.get("pattern"), "pattern"))
            spec.pattern = *p;
    }
    if (f.has("store_as")) {
        if (!number && !text)
            m_reader.error(step.fieldWhere["store_as"], "'store_as' applies only to a number or text prompt");
        else if (auto v = m_reader.identifier(f.get("store_as"), "store_as"))
            spec.storeAs = *v;
    }
    if (f.has("image")) {
        if (auto relative = m_reader.text(f.get("image"), "image")) {
            const std::string refused = resolvePromptImage(m_baseDirectory, *relative, spec.image);
            if (!refused.empty())
                m_reader.error(m_reader.contentAt(f.get("image")), refused);
        }
    }
}

} // namespace optiqual::sequences
