#include "db/TestRecord.h"

#include "db/TimeText.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace optiqual::db {

namespace {

using Json = nlohmann::ordered_json;

Json number(std::optional<double> v) {
    if (!v || !std::isfinite(*v))
        return nullptr;
    return *v;
}

Json text(const std::optional<std::string>& v) {
    return v ? Json(*v) : Json(nullptr);
}

} // namespace

std::string testRecordJson(const RunDetail& run, bool pretty) {
    const auto& r = run.summary;
    Json j;
    j["schema"] = kTestRecordSchema;
    j["run"] = {{"id", r.id},
                {"uuid", r.uuid},
                {"outcome", r.outcome ? Json(std::string(sequences::toString(*r.outcome))) : Json("RUNNING")},
                {"attempt", r.attempt},
                {"started_at", formatUtc(r.startedAt)},
                {"ended_at", r.endedAt ? Json(formatUtc(*r.endedAt)) : Json(nullptr)},
                {"abort_reason", r.abortReason},
                {"station", r.station},
                {"socket", r.socket},
                {"operator", r.operatorName}};
    j["unit"] = {{"serial", r.serial},
                 {"part_number", r.partNumber},
                 {"revision", r.revision},
                 {"product", r.product},
                 {"lot", r.lot}};
    j["sequence"] = {{"name", r.sequenceName}, {"version", r.sequenceVersion}, {"content_hash", r.sequenceHash}};
    j["limit_set"] = r.limitSetHash.empty() ? Json(nullptr) : Json{{"name", r.limitSetName}, {"hash", r.limitSetHash}};
    j["instruments"] = Json::array();
    for (const auto& i : run.instruments)
        j["instruments"].push_back({{"role", i.role},
                                    {"model", i.model},
                                    {"idn", i.idn},
                                    {"serial", i.serial},
                                    {"firmware", i.firmware},
                                    {"calibration_due", text(i.calibrationDue)},
                                    {"resource", i.resource}});
    j["steps"] = Json::array();
    for (const auto& s : run.steps) {
        Json js = {{"seq", s.seq},
                   {"path", s.path},
                   {"name", s.name},
                   {"type", s.type},
                   {"outcome", std::string(sequences::toString(s.outcome))},
                   {"started_at", formatUtc(s.startedAt)},
                   {"duration_s", static_cast<double>(s.durationUs) / 1e6},
                   {"error", s.error.empty() ? Json(nullptr) : Json(s.error)}};
        js["measurements"] = Json::array();
        for (const auto& m : s.measurements) {
            Json jm = {{"name", m.name},
                       {"value", m.text ? Json(*m.text) : number(m.value)},
                       {"unit", m.unit},
                       {"comparator", m.comparator},
                       {"low", number(m.low)},
                       {"high", number(m.high)},
                       {"nominal", number(m.nominal)},
                       {"outcome", std::string(sequences::toString(m.outcome))},
                       {"lane", m.lane ? Json(*m.lane) : Json(nullptr)}};
            jm["conditions"] = m.conditions.empty() ? Json::object() : Json::parse(m.conditions);
            js["measurements"].push_back(std::move(jm));
        }
        js["traces"] = Json::array();
        for (const auto& t : s.traces)
            js["traces"].push_back({{"name", t.name},
                                    {"x", {{"name", t.xName}, {"unit", t.xUnit}, {"values", t.x}}},
                                    {"y", {{"name", t.yName}, {"unit", t.yUnit}, {"values", t.y}}}});
        j["steps"].push_back(std::move(js));
    }
    j["audit"] = Json::array();
    for (const auto& a : run.audit)
        j["audit"].push_back({{"at", formatUtc(a.at)},
                              {"user", a.user},
                              {"action", a.action},
                              {"target", a.target},
                              {"old_value", text(a.oldValue)},
                              {"new_value", text(a.newValue)},
                              {"reason", a.reason}});
    return pretty ? j.dump(2) + "\n" : j.dump() + "\n";
}

} // namespace optiqual::db
