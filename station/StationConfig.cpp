#include "station/StationConfig.h"

#include "core/Units.h"
#include "instruments/InstrumentError.h"
#include "instruments/ResourceString.h"
#include "station/RoleName.h"
#include "station/StationWiring.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>
#include <yaml-cpp/yaml.h>

namespace optiqual::station {

namespace {

/// Collects problems with their locations while walking the YAML tree.
class Reader {
public:
    explicit Reader(std::string file) : m_file(std::move(file)) {}

    core::SourceLocation at(const YAML::Node& node) const {
        const auto mark = node.Mark();
        if (mark.line < 0)
            return {m_file, 0, 0};
        return {m_file, mark.line + 1, mark.column + 1};
    }
    void error(const YAML::Node& node, std::string message) { m_diagnostics.push_back({at(node), std::move(message)}); }
    std::vector<core::Diagnostic>& diagnostics() { return m_diagnostics; }

    /// Flags keys outside @p allowed (typos must not pass silently).
    void checkKeys(const YAML::Node& map, std::initializer_list<const char*> allowed, const std::string& where) {
        for (const auto& kv : map) {
            if (!kv.first.IsScalar()) {
                error(kv.first, "a key in " + where + " must be a name, not a list or mapping");
                continue;
            }
            const auto& key = kv.first.Scalar();
            bool known = false;
            for (const char* a : allowed)
                known = known || key == a;
            if (!known) {
                std::string list;
                for (const char* a : allowed)
                    list += std::string(list.empty() ? "" : ", ") + a;
                error(kv.first, "unknown key '" + key + "' in " + where + " (expected one of: " + list + ")");
            }
        }
    }

    std::optional<std::string> string(const YAML::Node& node, const std::string& what) {
        if (!node.IsScalar()) {
            error(node, what + " must be a text value");
            return std::nullopt;
        }
        return node.Scalar();
    }
    std::optional<double> number(const YAML::Node& node, const std::string& what) {
        try {
            if (node.IsScalar())
                return node.as<double>();
        } catch (const YAML::Exception&) {
        }
        error(node, what + " must be a number, got '" + (node.IsScalar() ? node.Scalar() : "a non-scalar") + "'");
        return std::nullopt;
    }
    /// A whole number in [min, max] written as digits: `-3`, `2.5` and `1e12` are refused where a count is meant.
    std::optional<long long> whole(const YAML::Node& node, const std::string& what, long long min, long long max) {
        if (node.IsScalar()) {
            const std::string& text = node.Scalar();
            long long value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && value >= min && value <= max)
                return value;
        }
        error(node, what + " must be a whole number in " + std::to_string(min) + ".." + std::to_string(max) +
                        ", got '" + (node.IsScalar() ? node.Scalar() : "a non-scalar") + "'");
        return std::nullopt;
    }
    std::optional<bool> boolean(const YAML::Node& node, const std::string& what) {
        try {
            if (node.IsScalar())
                return node.as<bool>();
        } catch (const YAML::Exception&) {
        }
        error(node, what + " must be true or false");
        return std::nullopt;
    }
    std::optional<std::chrono::milliseconds> duration(const YAML::Node& node, const std::string& what) {
        if (node.IsScalar()) {
            if (auto d = core::parseDuration(node.Scalar()))
                return std::chrono::duration_cast<std::chrono::milliseconds>(*d);
        }
        error(node, what + " must be a duration with a unit (e.g. 500ms, 3s), got '" +
                        (node.IsScalar() ? node.Scalar() : "a non-scalar") + "'");
        return std::nullopt;
    }

private:
    std::string m_file;
    std::vector<core::Diagnostic> m_diagnostics;
};

void readFaults(Reader& r, const YAML::Node& list, InstrumentConfig& ic) {
    if (!list.IsSequence()) {
        r.error(list, "faults must be a list of fault rules");
        return;
    }
    for (const auto& f : list) {
        if (!f.IsMap()) {
            r.error(f, "a fault rule must be a mapping with at least 'kind'");
            continue;
        }
        r.checkKeys(f, {"kind", "match", "after", "every", "probability", "latency", "error_code", "error_text"},
                    "a fault rule");
        instruments::sim::FaultRule rule;
        if (!f["kind"]) {
            r.error(f, "fault rule needs 'kind' (" + instruments::sim::faultKindNames() + ")");
            continue;
        }
        auto kind = instruments::sim::parseFaultKind(f["kind"].Scalar());
        if (!kind) {
            r.error(f["kind"], "unknown fault kind '" + f["kind"].Scalar() + "' (expected " +
                                   instruments::sim::faultKindNames() + ")");
            continue;
        }
        rule.kind = *kind;
        if (f["match"])
            rule.match = r.string(f["match"], "match").value_or("");
        constexpr long long kMaxCount = std::numeric_limits<unsigned>::max();
        if (f["after"])
            rule.after = static_cast<unsigned>(r.whole(f["after"], "after", 0, kMaxCount).value_or(0));
        if (f["every"])
            rule.every = static_cast<unsigned>(r.whole(f["every"], "every", 0, kMaxCount).value_or(1));
        if (f["probability"]) {
            rule.probability = r.number(f["probability"], "probability").value_or(1.0);
            if (!(rule.probability >= 0 && rule.probability <= 1))
                r.error(f["probability"], "probability must be between 0 and 1");
        }
        if (f["latency"])
            rule.latency = r.duration(f["latency"], "latency").value_or(std::chrono::milliseconds(0));
        else if (rule.kind == instruments::sim::FaultKind::Latency)
            r.error(f, "a latency fault needs 'latency' (e.g. 50ms)");
        if (f["error_code"])
            rule.errorCode = static_cast<int>(r.whole(f["error_code"], "error_code", -32768, 32767).value_or(-300));
        if (f["error_text"])
            rule.errorText = r.string(f["error_text"], "error_text").value_or("");
        ic.faults.push_back(std::move(rule));
    }
}

void readInstrument(Reader& r, const YAML::Node& node, StationConfig& config, std::set<std::string>& names,
                    std::set<std::uint16_t>& ports) {
    if (!node.IsMap()) {
        r.error(node, "each instrument must be a mapping with name, model and resource or simulate");
        return;
    }
    r.checkKeys(node,
                {"name", "model", "roles", "resource", "simulate", "sim_port", "sim_serial", "serial", "timeouts",
                 "checked", "calibration_due", "settings", "faults"},
                "an instrument");
    InstrumentConfig ic;
    ic.location = r.at(node);
    for (const auto& kv : node)
        if (kv.first.IsScalar())
            ic.fieldWhere[kv.first.Scalar()] = r.at(kv.second);
    if (!node["name"])
        r.error(node, "instrument needs a 'name'");
    else if (auto name = r.string(node["name"], "name")) {
        ic.name = *name;
        if (!names.insert(ic.name).second)
            r.error(node["name"], "duplicate instrument name '" + ic.name + "'");
    }
    if (!node["model"])
        r.error(node, "instrument '" + ic.name + "' needs a 'model' (e.g. E36312A, N5767A, F4T)");
    else
        ic.model = r.string(node["model"], "model").value_or("");
    if (node["roles"]) {
        if (node["roles"].IsSequence()) {
            for (const auto& role : node["roles"]) {
                ic.fieldWhere["roles." + std::to_string(ic.roles.size())] = r.at(role);
                ic.roles.push_back(r.string(role, "role").value_or(""));
            }
        } else if (auto role = r.string(node["roles"], "roles")) {
            ic.fieldWhere["roles.0"] = r.at(node["roles"]);
            ic.roles.push_back(*role);
        }
    }
    if (node["simulate"])
        ic.simulate = r.boolean(node["simulate"], "simulate").value_or(false);
    if (node["sim_serial"])
        ic.simSerial = r.boolean(node["sim_serial"], "sim_serial").value_or(false);
    if (node["serial"]) {
        const auto& s = node["serial"];
        if (!s.IsMap())
            r.error(s, "serial must be a mapping of baud, data, parity, stop, flow, term");
        else {
            r.checkKeys(s, {"baud", "data", "parity", "stop", "flow", "term"}, "serial");
            for (const auto& kv : s) {
                if (!kv.first.IsScalar())
                    continue; // reported by checkKeys
                if (!kv.second.IsScalar()) {
                    r.error(kv.second, "serial " + kv.first.Scalar() + " must be a single value");
                    continue;
                }
                if (!ic.serialOptions.empty())
                    ic.serialOptions += "&";
                ic.serialOptions += kv.first.Scalar() + "=" + kv.second.Scalar();
            }
        }
    }
    if (node["sim_port"]) {
        auto port = r.number(node["sim_port"], "sim_port");
        if (port && (*port < 1 || *port > 65535 || *port != std::floor(*port)))
            r.error(node["sim_port"], "sim_port must be a whole number in 1..65535");
        else if (port) {
            ic.simPort = static_cast<std::uint16_t>(*port);
            if (!ports.insert(*ic.simPort).second)
                r.error(node["sim_port"], "sim_port " + std::to_string(*ic.simPort) + " is used twice");
        }
    }
    if (node["resource"]) {
        ic.resource = r.string(node["resource"], "resource").value_or("");
        try {
            instruments::ResourceString::parse(ic.resource);
        } catch (const instruments::InstrumentError& e) {
            r.error(node["resource"], e.detail());
        }
    } else if (!ic.simulate) {
        r.error(node, "instrument '" + ic.name + "' needs a 'resource' (or 'simulate: true')");
    }
    if (node["timeouts"]) {
        const auto& t = node["timeouts"];
        if (!t.IsMap())
            r.error(t, "timeouts must be a mapping of connect, write, reply, read");
        else {
            r.checkKeys(t, {"connect", "write", "reply", "read"}, "timeouts");
            if (t["connect"])
                ic.timeouts.connect = r.duration(t["connect"], "timeouts.connect").value_or(ic.timeouts.connect);
            if (t["write"])
                ic.timeouts.write = r.duration(t["write"], "timeouts.write").value_or(ic.timeouts.write);
            if (t["reply"])
                ic.timeouts.reply = r.duration(t["reply"], "timeouts.reply").value_or(ic.timeouts.reply);
            if (t["read"])
                ic.timeouts.read = r.duration(t["read"], "timeouts.read").value_or(ic.timeouts.read);
        }
    }
    if (node["checked"])
        ic.checked = r.boolean(node["checked"], "checked").value_or(true);
    if (node["calibration_due"]) {
        auto due = r.string(node["calibration_due"], "calibration_due");
        if (due && (due->size() != 10 || (*due)[4] != '-' || (*due)[7] != '-'))
            r.error(node["calibration_due"], "calibration_due must be a date YYYY-MM-DD, got '" + *due + "'");
        ic.calibrationDue = due;
    }
    if (node["settings"]) {
        if (!node["settings"].IsMap())
            r.error(node["settings"], "settings must be a mapping");
        else
            for (const auto& kv : node["settings"]) {
                if (!kv.first.IsScalar())
                    r.error(kv.first, "a setting's name must be text, not a list or mapping");
                else if (!kv.second.IsScalar())
                    r.error(kv.second, "setting '" + kv.first.Scalar() + "' must be a single value");
                else {
                    ic.settings[kv.first.Scalar()] = kv.second.Scalar();
                    ic.fieldWhere["settings." + kv.first.Scalar()] = r.at(kv.second);
                }
            }
    }
    if (node["faults"]) {
        readFaults(r, node["faults"], ic);
        if (!ic.simulate && !ic.faults.empty())
            r.error(node["faults"], "faults apply to simulated instruments only (add 'simulate: true')");
    }
    config.instruments.push_back(std::move(ic));
}

/// `fleet: {sync_to, batch, interval}`. The URL is never repeated in a message: it may hold a password.
std::optional<FleetConfig> readFleet(Reader& r, const YAML::Node& node) {
    if (!node.IsMap()) {
        r.error(node, "'fleet' must be a mapping (sync_to, batch, interval)");
        return std::nullopt;
    }
    r.checkKeys(node, {"sync_to", "batch", "interval"}, "fleet");
    FleetConfig fleet;
    fleet.location = r.at(node);
    if (!node["sync_to"]) {
        r.error(node, "fleet needs 'sync_to', the central store's URL (postgresql://user@host:port/database)");
    } else if (auto url = r.string(node["sync_to"], "fleet sync_to")) {
        if (url->rfind("postgresql://", 0) != 0 && url->rfind("postgres://", 0) != 0)
            r.error(node["sync_to"], "fleet sync_to must be a URL starting with postgresql:// (the central store)");
        else if (url->find_first_of(" \t\r\n") != std::string::npos)
            r.error(node["sync_to"], "fleet sync_to must not contain spaces (options go after '?', joined by '&')");
        fleet.syncTo = *url;
    }
    if (node["batch"])
        fleet.batch = static_cast<int>(r.whole(node["batch"], "fleet batch", 1, 10000).value_or(fleet.batch));
    if (node["interval"]) {
        if (auto interval = r.duration(node["interval"], "fleet interval")) {
            if (*interval < std::chrono::milliseconds(100) || *interval > std::chrono::hours(1))
                r.error(node["interval"], "fleet interval must be between 100ms and 1h");
            else
                fleet.interval = *interval;
        }
    }
    return fleet;
}

} // namespace

const InstrumentConfig* StationConfig::find(std::string_view n) const {
    for (const auto& i : instruments)
        if (i.name == n)
            return &i;
    return nullptr;
}

int StationConfig::sockets() const {
    int count = 1;
    for (const auto& i : instruments)
        for (const auto& role : i.roles)
            if (auto parsed = RoleName::parse(role))
                count = std::max(count, parsed->socket);
    return count;
}

namespace {

StationConfig readStationConfig(const std::string& text, const std::string& fileName,
                                std::vector<core::Diagnostic>& problems) {
    Reader r(fileName);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw core::InputError({{{fileName, e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg}});
    }
    StationConfig config;
    config.file = fileName;
    if (!root.IsMap())
        throw core::InputError(
            {{{fileName, 1, 1}, "a station file must be a mapping with 'station' and 'instruments'"}});
    r.checkKeys(root, {"station", "instruments", "wiring", "simulation", "station_data", "fleet"}, "the station file");
    if (const auto& s = root["station"]; s) {
        if (!s.IsMap())
            r.error(s, "'station' must be a mapping (name, product_line, location, time_scale, seed, process_model)");
        else {
            r.checkKeys(s, {"name", "product_line", "location", "time_scale", "seed", "process_model"}, "station");
            if (s["name"])
                config.name = r.string(s["name"], "station name").value_or("");
            if (s["product_line"]) {
                config.productLine = r.string(s["product_line"], "product_line").value_or("");
                if (config.productLine != "xpo" && config.productLine != "cpo" && config.productLine != "coldplate")
                    r.error(s["product_line"],
                            "product_line must be xpo, cpo or coldplate, got '" + config.productLine + "'");
            }
            if (s["location"])
                config.location = r.string(s["location"], "location").value_or("");
            if (s["process_model"]) {
                if (auto model = r.string(s["process_model"], "process_model")) {
                    if (*model == "sequential" || *model == "parallel" || *model == "batch")
                        config.processModel = *model;
                    else
                        r.error(s["process_model"],
                                "process_model must be sequential, parallel or batch, got '" + *model + "'");
                }
            }
            if (s["time_scale"]) {
                config.timeScale = r.number(s["time_scale"], "time_scale").value_or(1.0);
                if (!(config.timeScale > 0) || !std::isfinite(config.timeScale))
                    r.error(s["time_scale"], "time_scale must be a positive number");
            }
            if (s["seed"])
                config.seed = static_cast<std::uint64_t>(
                    r.whole(s["seed"], "seed", 0, std::numeric_limits<long long>::max()).value_or(1));
        }
    } else {
        r.error(root, "missing 'station' section");
    }
    if (config.name.empty() && root["station"] && root["station"].IsMap())
        r.error(root["station"], "station needs a 'name'");
    if (const auto& list = root["instruments"]; list) {
        if (!list.IsSequence())
            r.error(list, "'instruments' must be a list");
        else {
            std::set<std::string> names;
            std::set<std::uint16_t> ports;
            for (const auto& node : list)
                readInstrument(r, node, config, names, ports);
        }
    } else {
        r.error(root, "missing 'instruments' list");
    }
    if (root["fleet"])
        config.fleet = readFleet(r, root["fleet"]);
    if (root["station_data"])
        config.data = StationData::read(root["station_data"], fileName, r.diagnostics());
    if (root["wiring"]) {
        std::set<std::string> names;
        for (const auto& ic : config.instruments)
            names.insert(ic.name);
        config.world.emplace();
        readWiring(root["wiring"], root["simulation"], fileName, names, *config.world, r.diagnostics());
    } else if (root["simulation"]) {
        r.error(root["simulation"], "'simulation' sets the physics of a wired station: add a 'wiring' section");
    }
    problems.insert(problems.end(), r.diagnostics().begin(), r.diagnostics().end());
    return config;
}

} // namespace

StationConfig parseStationConfig(const std::string& text, const std::string& fileName,
                                 std::vector<core::Diagnostic>& problems) {
    // A YAML construct the reader did not foresee is still a problem in the file, never an abort.
    try {
        return readStationConfig(text, fileName, problems);
    } catch (const YAML::Exception& e) {
        throw core::InputError({{{fileName, e.mark.line + 1, e.mark.column + 1}, "YAML: " + e.msg}});
    }
}

StationConfig parseStationConfig(const std::string& text, const std::string& fileName) {
    std::vector<core::Diagnostic> problems;
    auto config = parseStationConfig(text, fileName, problems);
    if (!problems.empty())
        throw core::InputError(std::move(problems));
    return config;
}

StationConfig loadStationConfig(const std::filesystem::path& file, std::vector<core::Diagnostic>& problems) {
    std::ifstream in(file);
    if (!in)
        throw core::InputError({{{file.string(), 0, 0}, "cannot open the station file"}});
    std::stringstream text;
    text << in.rdbuf();
    auto config = parseStationConfig(text.str(), file.string(), problems);
    config.file = file;
    return config;
}

StationConfig loadStationConfig(const std::filesystem::path& file) {
    std::vector<core::Diagnostic> problems;
    auto config = loadStationConfig(file, problems);
    if (!problems.empty())
        throw core::InputError(std::move(problems));
    return config;
}

} // namespace optiqual::station
