#include "station/StationWiring.h"

#include "instruments/sim/world/CmisModuleParams.h"
#include "instruments/sim/world/ColdPlateStand.h"
#include "instruments/sim/world/OpticalNetwork.h"

#include <cmath>
#include <optional>
#include <yaml-cpp/yaml.h>

namespace optiqual::station {

namespace {

using namespace instruments::sim;

/// Walks the wiring sections, collecting every problem with its place.
class WiringReader {
public:
    WiringReader(std::string file, const std::set<std::string>& instruments, std::vector<core::Diagnostic>& out)
        : m_file(std::move(file)), m_instruments(instruments), m_out(out) {}

    void error(const YAML::Node& node, std::string message) {
        const auto mark = node.Mark();
        m_out.push_back(
            {{m_file, mark.line < 0 ? 0 : mark.line + 1, mark.line < 0 ? 0 : mark.column + 1}, std::move(message)});
    }

    bool map(const YAML::Node& node, const std::string& what, std::initializer_list<const char*> keys) {
        if (!node.IsMap()) {
            error(node, what + " must be a mapping");
            return false;
        }
        for (const auto& kv : node) {
            if (!kv.first.IsScalar()) {
                error(kv.first, "keys in " + what + " must be plain names");
                continue;
            }
            bool known = false;
            std::string list;
            for (const char* k : keys) {
                known = known || kv.first.Scalar() == k;
                list += std::string(list.empty() ? "" : ", ") + k;
            }
            if (!known)
                error(kv.first,
                      "unknown key '" + kv.first.Scalar() + "' in " + what + " (expected one of: " + list + ")");
        }
        return true;
    }

    std::optional<std::string> text(const YAML::Node& node, const std::string& what) {
        if (!node.IsScalar() || node.Scalar().empty()) {
            error(node, what + " must be a non-empty text value");
            return std::nullopt;
        }
        return node.Scalar();
    }

    std::optional<double> number(const YAML::Node& node, const std::string& what, double low, double high) {
        double value = 0;
        try {
            if (!node.IsScalar())
                throw YAML::Exception(node.Mark(), "");
            value = node.as<double>();
        } catch (const YAML::Exception&) {
            error(node, what + " must be a number, got '" + (node.IsScalar() ? node.Scalar() : "a non-scalar") + "'");
            return std::nullopt;
        }
        if (!std::isfinite(value) || value < low || value > high) {
            error(node, what + " must be in " + fmtRange(low, high) + ", got " + node.Scalar());
            return std::nullopt;
        }
        return value;
    }

    std::optional<std::string> instrument(const YAML::Node& node, const std::string& what) {
        auto name = text(node, what);
        if (name && !m_instruments.count(*name)) {
            error(node, what + " '" + *name + "' is not an instrument of this station");
            return std::nullopt;
        }
        return name;
    }

    bool isInstrument(const std::string& name) const { return m_instruments.count(name) > 0; }

    template <typename T>
    void optionalNumber(const YAML::Node& map, const char* key, T& target, double low, double high) {
        if (map[key])
            if (auto v = number(map[key], key, low, high))
                target = static_cast<T>(*v);
    }

private:
    static std::string fmtRange(double low, double high) {
        auto show = [](double v) {
            if (std::isinf(v))
                return std::string(v < 0 ? "-inf" : "inf");
            std::string s = std::to_string(v);
            s.erase(s.find_last_not_of('0') + 1);
            if (!s.empty() && s.back() == '.')
                s.pop_back();
            return s;
        };
        return show(low) + " .. " + show(high);
    }

    std::string m_file;
    const std::set<std::string>& m_instruments;
    std::vector<core::Diagnostic>& m_out;
};

constexpr double kInf = std::numeric_limits<double>::infinity();

void readCoolant(WiringReader& r, const YAML::Node& node, CoolantWiring& coolant) {
    if (!r.map(node, "coolant", {"chiller", "flow", "pressure_drop", "density", "heat_capacity"}))
        return;
    if (node["chiller"])
        coolant.chiller = r.instrument(node["chiller"], "coolant chiller").value_or("");
    r.optionalNumber(node, "flow", coolant.flowLitresPerMinute, 0.0, 1000.0);
    r.optionalNumber(node, "pressure_drop", coolant.pressureDropKpaAtFlow, 0.0, 10000.0);
    r.optionalNumber(node, "density", coolant.densityKgPerCubicMetre, 100.0, 5000.0);
    r.optionalNumber(node, "heat_capacity", coolant.heatCapacityJoulePerKgKelvin, 100.0, 20000.0);
}

void readColdPlate(WiringReader& r, const YAML::Node& node, ColdPlateCoupling& plate) {
    if (!r.map(node, "cold_plate", {"base", "convection", "reference_flow", "flow_exponent", "air", "heat_capacity"}))
        return;
    r.optionalNumber(node, "base", plate.baseKelvinPerWatt, 0.0, 100.0);
    r.optionalNumber(node, "convection", plate.convectionKelvinPerWatt, 0.0, 100.0);
    r.optionalNumber(node, "reference_flow", plate.referenceFlowLitresPerMinute, 1e-6, 1000.0);
    r.optionalNumber(node, "flow_exponent", plate.flowExponent, 0.0, 2.0);
    r.optionalNumber(node, "air", plate.airKelvinPerWatt, 1e-3, 1e6);
    r.optionalNumber(node, "heat_capacity", plate.heatCapacityJoulePerKelvin, 1e-3, 1e9);
}

void readSockets(WiringReader& r, const YAML::Node& list, WorldConfig& world) {
    if (!list.IsSequence()) {
        r.error(list, "sockets must be a list of {fixture, supply, channel, cable_ohms}");
        return;
    }
    std::set<std::string> fixtures;
    for (const auto& node : list) {
        if (!r.map(node, "a socket", {"fixture", "supply", "channel", "cable_ohms"}))
            continue;
        SocketWiring s;
        if (!node["fixture"]) {
            r.error(node, "a socket needs 'fixture' (the host board holding the unit)");
            continue;
        }
        s.fixture = r.instrument(node["fixture"], "fixture").value_or("");
        if (!s.fixture.empty() && !fixtures.insert(s.fixture).second)
            r.error(node["fixture"], "host board '" + s.fixture + "' is wired to two sockets");
        if (node["supply"])
            s.supply = r.instrument(node["supply"], "supply").value_or("");
        r.optionalNumber(node, "channel", s.supplyChannel, 1, 16);
        r.optionalNumber(node, "cable_ohms", s.cableOhms, 0.0, 10.0);
        world.sockets.push_back(std::move(s));
    }
}

void readLoads(WiringReader& r, const YAML::Node& list, WorldConfig& world) {
    if (!list.IsSequence()) {
        r.error(list, "loads must be a list of {supply, channel, ohms}");
        return;
    }
    for (const auto& node : list) {
        if (!r.map(node, "a load", {"supply", "channel", "ohms"}))
            continue;
        ResistiveLoadWiring load;
        if (!node["supply"] || !node["ohms"]) {
            r.error(node, "a load needs 'supply' and 'ohms'");
            continue;
        }
        load.supply = r.instrument(node["supply"], "supply").value_or("");
        r.optionalNumber(node, "channel", load.supplyChannel, 1, 16);
        r.optionalNumber(node, "ohms", load.ohms, 1e-6, 1e12);
        world.loads.push_back(std::move(load));
    }
}

void readSources(WiringReader& r, const YAML::Node& list, WorldConfig& world, std::set<std::string>& names) {
    if (!list.IsSequence()) {
        r.error(list, "sources must be a list of {name, power_dbm, extinction_db, pattern}");
        return;
    }
    for (const auto& node : list) {
        if (!r.map(node, "a source", {"name", "power_dbm", "extinction_db", "pattern"}))
            continue;
        ReferenceSourceWiring source;
        if (!node["name"] || !node["power_dbm"]) {
            r.error(node, "a source needs 'name' and 'power_dbm'");
            continue;
        }
        source.name = r.text(node["name"], "source name").value_or("");
        if (!source.name.empty() && !names.insert(source.name).second)
            r.error(node["name"], "'" + source.name + "' is already an instrument, source or junction");
        r.optionalNumber(node, "power_dbm", source.powerDbm, -100.0, 40.0);
        r.optionalNumber(node, "extinction_db", source.extinctionRatioDb, 0.0, 30.0);
        r.optionalNumber(node, "pattern", source.pattern, 0, 15);
        world.sources.push_back(std::move(source));
    }
}

void readLinks(WiringReader& r, const YAML::Node& list, WorldConfig& world, const std::set<std::string>& names) {
    if (!list.IsSequence()) {
        r.error(list, "links must be a list of {from, to, loss_db}");
        return;
    }
    auto port = [&](const YAML::Node& node, const char* what) -> std::optional<std::vector<std::string>> {
        auto pattern = r.text(node, what);
        if (!pattern)
            return std::nullopt;
        try {
            auto ports = OpticalNetwork::expand(*pattern);
            for (const auto& p : ports) {
                const std::string head = p.substr(0, p.find('.'));
                if (!names.count(head)) {
                    r.error(node, std::string(what) + " port '" + p + "' starts with '" + head +
                                      "', which is no instrument, source or junction of this station");
                    return std::nullopt;
                }
            }
            return ports;
        } catch (const std::invalid_argument& e) {
            r.error(node, e.what());
            return std::nullopt;
        }
    };
    for (const auto& node : list) {
        if (!r.map(node, "a link", {"from", "to", "loss_db"}))
            continue;
        if (!node["from"] || !node["to"]) {
            r.error(node, "a link needs 'from' and 'to' (and 'loss_db')");
            continue;
        }
        auto from = port(node["from"], "from");
        auto to = port(node["to"], "to");
        if (from && to && from->size() != to->size() && from->size() != 1 && to->size() != 1) {
            r.error(node, "link from " + std::to_string(from->size()) + " ports to " + std::to_string(to->size()) +
                              ": the two ends must name as many ports, or one of them a single port");
            continue;
        }
        OpticalLinkWiring link{node["from"].Scalar(), node["to"].Scalar(), 0.0};
        r.optionalNumber(node, "loss_db", link.lossDb, 0.0, 100.0);
        if (from && to)
            world.links.push_back(std::move(link));
    }
}

std::optional<SensorKind> sensorKind(std::string_view name) {
    if (name == "thermocouple")
        return SensorKind::Thermocouple;
    if (name == "4-20mA")
        return SensorKind::Current4To20;
    if (name == "1-5V")
        return SensorKind::Voltage1To5;
    if (name == "0-10V")
        return SensorKind::Voltage0To10;
    return std::nullopt;
}

bool knownSignal(std::string_view signal, const WorldConfig& world) {
    for (const char* s :
         {"chamber.air", "coolant.supply", "coolant.return", "coolant.flow", "coolant.pressure_drop", "ambient"})
        if (signal == s)
            return true;
    for (const auto& socket : world.sockets)
        if (signal == socket.fixture + ".case")
            return true;
    const auto dot = signal.rfind('.');
    if (dot != std::string_view::npos)
        for (const auto& stand : world.plateStands)
            if (signal.substr(0, dot) == stand.name && ColdPlateStand::knownSignal(signal.substr(dot + 1)))
                return true;
    return false;
}

std::string knownDefects() {
    std::string known;
    for (std::size_t i = 1; i < kDefectModeCount; ++i)
        known += std::string(known.empty() ? "" : ", ") + toString(static_cast<DefectMode>(i));
    std::string plates;
    for (std::size_t i = 1; i < kColdPlateDefectCount; ++i)
        plates += std::string(plates.empty() ? "" : ", ") + toString(static_cast<ColdPlateDefect>(i));
    std::string engines;
    for (std::size_t i = 1; i < kCpoDefectCount; ++i)
        engines += std::string(engines.empty() ? "" : ", ") + toString(static_cast<CpoDefect>(i));
    return "known: modules " + known + "; cold plates " + plates + "; CPO engines " + engines;
}

/// "daq.301" → ("daq", 301): an instrument's channel or port.
std::optional<std::pair<std::string, int>> instrumentChannel(WiringReader& r, const YAML::Node& node,
                                                             const std::string& what) {
    auto text = r.text(node, what);
    if (!text)
        return std::nullopt;
    const auto dot = text->rfind('.');
    int channel = 0;
    try {
        std::size_t used = 0;
        channel = dot == std::string::npos ? 0 : std::stoi(text->substr(dot + 1), &used);
        if (dot == std::string::npos || used != text->size() - dot - 1 || channel <= 0)
            throw std::invalid_argument(*text);
    } catch (const std::exception&) {
        r.error(node, what + " must be <instrument>.<channel>, such as daq.301, got '" + *text + "'");
        return std::nullopt;
    }
    const std::string name = text->substr(0, dot);
    if (!r.isInstrument(name)) {
        r.error(node, what + " '" + name + "' is not an instrument of this station");
        return std::nullopt;
    }
    return std::pair{name, channel};
}

void readPlateStands(WiringReader& r, const YAML::Node& list, WorldConfig& world) {
    if (!list.IsSequence()) {
        r.error(list, "plate_stands must be a list of {socket, name, heater, heater_channel, heater_ohms, valves, "
                      "flow_control, flow_full_scale}");
        return;
    }
    std::set<int> sockets;
    std::set<std::string> names;
    for (const auto& node : list) {
        if (!r.map(node, "a plate stand",
                   {"socket", "name", "heater", "heater_channel", "heater_ohms", "valves", "flow_control",
                    "flow_full_scale"}))
            continue;
        if (!node["socket"] || !node["name"] || !node["heater"] || !node["valves"] || !node["flow_control"]) {
            r.error(node, "a plate stand needs 'socket', 'name', 'heater', 'valves' and 'flow_control'");
            continue;
        }
        ColdPlateStandWiring stand;
        r.optionalNumber(node, "socket", stand.socket, 1, 64);
        if (!sockets.insert(stand.socket).second)
            r.error(node["socket"], "socket " + std::to_string(stand.socket) + " has two plate stands");
        stand.name = r.text(node["name"], "stand name").value_or("");
        if (!stand.name.empty() && !names.insert(stand.name).second)
            r.error(node["name"], "two plate stands are named '" + stand.name + "'");
        stand.heaterSupply = r.instrument(node["heater"], "heater supply").value_or("");
        r.optionalNumber(node, "heater_channel", stand.heaterChannel, 1, 16);
        r.optionalNumber(node, "heater_ohms", stand.heaterOhms, 1e-3, 1e6);
        if (auto valves = instrumentChannel(r, node["valves"], "valves")) {
            stand.valveDaq = valves->first;
            stand.valvePort = valves->second;
        }
        if (auto flow = instrumentChannel(r, node["flow_control"], "flow_control")) {
            stand.flowDaq = flow->first;
            stand.flowChannel = flow->second;
        }
        r.optionalNumber(node, "flow_full_scale", stand.flowFullScale, 1e-3, 1000.0);
        world.plateStands.push_back(std::move(stand));
    }
}

void readCpoBoards(WiringReader& r, const YAML::Node& list, WorldConfig& world) {
    if (!list.IsSequence()) {
        r.error(list, "cpo_boards must be a list of {socket, board, core, core_channel, laser, laser_channel, "
                      "core_cable_ohms, laser_to_engine_loss, interlock}");
        return;
    }
    std::set<int> sockets;
    std::set<std::string> boards;
    for (const auto& node : list) {
        if (!r.map(node, "a CPO board",
                   {"socket", "board", "core", "core_channel", "laser", "laser_channel", "core_cable_ohms",
                    "laser_to_engine_loss", "interlock"}))
            continue;
        if (!node["board"] || !node["core"] || !node["laser"]) {
            r.error(node, "a CPO board needs 'board', 'core' (the core-rail supply) and 'laser' (the ELSFP supply)");
            continue;
        }
        CpoStandWiring cpo;
        r.optionalNumber(node, "socket", cpo.socket, 1, 64);
        if (!sockets.insert(cpo.socket).second)
            r.error(node.IsMap() && node["socket"] ? node["socket"] : node,
                    "socket " + std::to_string(cpo.socket) + " has two CPO boards");
        cpo.board = r.instrument(node["board"], "CPO board").value_or("");
        if (!cpo.board.empty() && !boards.insert(cpo.board).second)
            r.error(node["board"], "CPO board '" + cpo.board + "' is wired twice");
        cpo.coreSupply = r.instrument(node["core"], "core-rail supply").value_or("");
        r.optionalNumber(node, "core_channel", cpo.coreChannel, 1, 16);
        cpo.laserSupply = r.instrument(node["laser"], "ELSFP supply").value_or("");
        r.optionalNumber(node, "laser_channel", cpo.laserChannel, 1, 16);
        r.optionalNumber(node, "core_cable_ohms", cpo.coreCableOhms, 0.0, 1.0);
        r.optionalNumber(node, "laser_to_engine_loss", cpo.laserToEngineLossDb, 0.0, 30.0);
        if (const auto& interlock = node["interlock"]; interlock) {
            const auto word = r.text(interlock, "interlock");
            if (word && *word != "closed" && *word != "open")
                r.error(interlock, "interlock must be 'closed' or 'open', got '" + *word + "'");
            cpo.interlockClosed = !word || *word != "open";
        }
        world.cpoStands.push_back(std::move(cpo));
    }
}

void readPlateRig(WiringReader& r, const YAML::Node& node, ColdPlateRigWiring& rig) {
    if (!r.map(node, "plate_rig",
               {"test_air", "fill", "vent", "manifold", "atmosphere", "fill_heating", "gas_time_constant",
                "ttv_heat_capacity", "ttv_air", "heater_tempco", "trip", "trip_reset"}))
        return;
    r.optionalNumber(node, "test_air", rig.supplyKpa, 0.0, 5000.0);
    r.optionalNumber(node, "fill", rig.fillLitresPerSecond, 1e-6, 100.0);
    r.optionalNumber(node, "vent", rig.ventLitresPerSecond, 1e-6, 100.0);
    r.optionalNumber(node, "manifold", rig.manifoldLitres, 1e-4, 100.0);
    r.optionalNumber(node, "atmosphere", rig.atmosphereKpa, 50.0, 120.0);
    r.optionalNumber(node, "fill_heating", rig.fillHeatingK, 0.0, 300.0);
    r.optionalNumber(node, "gas_time_constant", rig.gasTimeConstantSeconds, 0.01, 3600.0);
    r.optionalNumber(node, "ttv_heat_capacity", rig.ttvHeatCapacity, 1.0, 1e6);
    r.optionalNumber(node, "ttv_air", rig.ttvAirKelvinPerWatt, 1e-3, 1e6);
    r.optionalNumber(node, "heater_tempco", rig.heaterTempco, -0.01, 0.01);
    r.optionalNumber(node, "trip", rig.tripC, 0.0, 500.0);
    r.optionalNumber(node, "trip_reset", rig.tripResetC, 0.0, 500.0);
    if (rig.tripResetC >= rig.tripC)
        r.error(node, "plate_rig: trip_reset must be below trip");
}

void readDaq(WiringReader& r, const YAML::Node& list, WorldConfig& world) {
    if (!list.IsSequence()) {
        r.error(list, "daq must be a list of {daq, channel, signal, sensor, range}");
        return;
    }
    std::set<std::pair<std::string, int>> used;
    for (const auto& node : list) {
        if (!r.map(node, "a DAQ channel", {"daq", "channel", "signal", "sensor", "range"}))
            continue;
        if (!node["daq"] || !node["channel"] || !node["signal"]) {
            r.error(node, "a DAQ channel needs 'daq', 'channel' and 'signal'");
            continue;
        }
        DaqChannelWiring ch;
        ch.daq = r.instrument(node["daq"], "daq").value_or("");
        r.optionalNumber(node, "channel", ch.channel, 1, 99999);
        if (!used.insert({ch.daq, ch.channel}).second)
            r.error(node["channel"], "DAQ channel " + std::to_string(ch.channel) + " is wired twice");
        ch.signal = r.text(node["signal"], "signal").value_or("");
        if (!ch.signal.empty() && !knownSignal(ch.signal, world))
            r.error(node["signal"], "unknown signal '" + ch.signal +
                                        "' (chamber.air, coolant.supply, coolant.return, coolant.flow, "
                                        "coolant.pressure_drop, ambient, <fixture>.case of a wired socket, or "
                                        "<stand>.inlet|outlet|ttv|flow|pressure_drop|test_pressure|leak_dp of a "
                                        "plate stand)");
        if (node["sensor"]) {
            auto kind = r.text(node["sensor"], "sensor");
            if (kind && !sensorKind(*kind))
                r.error(node["sensor"], "sensor must be thermocouple, 4-20mA, 1-5V or 0-10V, got '" + *kind + "'");
            else if (kind)
                ch.sensor = *sensorKind(*kind);
        }
        if (ch.sensor != SensorKind::Thermocouple) {
            const auto& range = node["range"];
            if (!range || !range.IsSequence() || range.size() != 2) {
                r.error(node, "a transmitter needs 'range: [low, high]': the quantity at its zero and full scale");
                continue;
            }
            ch.rangeLow = r.number(range[0], "range low", -kInf, kInf).value_or(0.0);
            ch.rangeHigh = r.number(range[1], "range high", -kInf, kInf).value_or(1.0);
            if (ch.rangeHigh == ch.rangeLow)
                r.error(range, "range must span something");
        } else if (node["range"]) {
            r.error(node["range"], "a thermocouple reads the temperature itself: no 'range'");
        }
        world.daq.push_back(std::move(ch));
    }
}

} // namespace

void readWiring(const YAML::Node& wiring, const YAML::Node& simulation, const std::string& file,
                const std::set<std::string>& instruments, WorldConfig& world,
                std::vector<core::Diagnostic>& diagnostics) {
    WiringReader r(file, instruments, diagnostics);
    if (wiring && r.map(wiring, "wiring",
                        {"ambient", "chamber", "coolant", "cold_plate", "sockets", "loads", "sources", "junctions",
                         "links", "daq", "plate_stands", "plate_rig", "cpo_boards"})) {
        r.optionalNumber(wiring, "ambient", world.ambientC, -50.0, 100.0);
        if (wiring["chamber"])
            world.chamber = r.instrument(wiring["chamber"], "chamber").value_or("");
        if (wiring["coolant"])
            readCoolant(r, wiring["coolant"], world.coolant);
        if (wiring["cold_plate"])
            readColdPlate(r, wiring["cold_plate"], world.coldPlate);
        if (wiring["sockets"])
            readSockets(r, wiring["sockets"], world);
        if (wiring["loads"])
            readLoads(r, wiring["loads"], world);
        std::set<std::string> names = instruments;
        if (wiring["sources"])
            readSources(r, wiring["sources"], world, names);
        if (const auto& junctions = wiring["junctions"]; junctions) {
            if (!junctions.IsSequence())
                r.error(junctions, "junctions must be a list of names (splitters, breakouts)");
            else
                for (const auto& j : junctions)
                    if (auto name = r.text(j, "junction"); name && !names.insert(*name).second)
                        r.error(j, "'" + *name + "' is already an instrument, source or junction");
        }
        if (wiring["links"])
            readLinks(r, wiring["links"], world, names);
        if (wiring["plate_stands"])
            readPlateStands(r, wiring["plate_stands"], world);
        if (wiring["plate_rig"])
            readPlateRig(r, wiring["plate_rig"], world.plateRig);
        if (wiring["cpo_boards"])
            readCpoBoards(r, wiring["cpo_boards"], world);
        if (wiring["daq"])
            readDaq(r, wiring["daq"], world);
    }
    if (simulation && r.map(simulation, "simulation", {"link_loss_sigma_db", "defect_rates", "planted_defects"})) {
        if (const auto& planted = simulation["planted_defects"]; planted) {
            if (!planted.IsMap()) {
                r.error(planted, "planted_defects must map a unit serial to its defects ([weak-lane@12, ...])");
            } else {
                for (const auto& kv : planted) {
                    if (!kv.first.IsScalar() || !kv.second.IsSequence()) {
                        r.error(kv.first, "planted_defects: a serial and a list of defects");
                        continue;
                    }
                    std::vector<Defect> defects;
                    std::vector<ColdPlateDefect> plateDefects;
                    std::vector<CpoDefect> engineDefects;
                    for (const auto& item : kv.second) {
                        auto text = r.text(item, "defect");
                        if (!text)
                            continue;
                        if (const auto engine = cpoDefectFromString(*text); engine && *engine != CpoDefect::None) {
                            engineDefects.push_back(*engine);
                            continue;
                        }
                        if (const auto plate = coldPlateDefectFromString(*text);
                            plate && *plate != ColdPlateDefect::None) {
                            plateDefects.push_back(*plate);
                            continue;
                        }
                        const auto at = text->find('@');
                        const auto mode = defectModeFromString(text->substr(0, at));
                        int lane = -1;
                        if (at != std::string::npos) {
                            try {
                                lane = std::stoi(text->substr(at + 1)) - 1; // written 1-64, kept 0-63
                            } catch (const std::exception&) {
                                lane = -2;
                            }
                        }
                        if (!mode || *mode == DefectMode::None)
                            r.error(item, "unknown defect '" + text->substr(0, at) + "' (" + knownDefects() + ")");
                        else if (at != std::string::npos && (!isLaneDefect(*mode) || lane < 0 || lane > 63))
                            r.error(item, "'" + *text + "': only lane defects take @lane, a lane 1-64");
                        else
                            defects.push_back({*mode, lane});
                    }
                    // A serial names one unit: a module's defects, a plate's or an engine's (an empty list: a golden
                    // unit of any kind).
                    world.plantedDefects[kv.first.Scalar()] = std::move(defects);
                    world.plantedPlateDefects[kv.first.Scalar()] = std::move(plateDefects);
                    world.plantedCpoDefects[kv.first.Scalar()] = std::move(engineDefects);
                }
            }
        }
        r.optionalNumber(simulation, "link_loss_sigma_db", world.linkLossSigmaDb, 0.0, 10.0);
        if (const auto& rates = simulation["defect_rates"]; rates) {
            if (!rates.IsMap()) {
                r.error(rates, "defect_rates must be a mapping of defect name to probability");
            } else {
                for (const auto& kv : rates) {
                    const auto mode = kv.first.IsScalar() ? defectModeFromString(kv.first.Scalar()) : std::nullopt;
                    const auto plate =
                        kv.first.IsScalar() ? coldPlateDefectFromString(kv.first.Scalar()) : std::nullopt;
                    const auto engine = kv.first.IsScalar() ? cpoDefectFromString(kv.first.Scalar()) : std::nullopt;
                    if (engine && *engine != CpoDefect::None) {
                        if (auto p = r.number(kv.second, "defect rate", 0.0, 1.0))
                            world.cpoDefectRates[kv.first.Scalar()] = *p;
                        continue;
                    }
                    if ((!mode || *mode == DefectMode::None) && (!plate || *plate == ColdPlateDefect::None)) {
                        r.error(kv.first, "unknown defect '" + (kv.first.IsScalar() ? kv.first.Scalar() : "") + "' (" +
                                              knownDefects() + ")");
                        continue;
                    }
                    if (auto p = r.number(kv.second, "defect rate", 0.0, 1.0))
                        (plate ? world.plateDefectRates : world.defectRates)[kv.first.Scalar()] = *p;
                }
            }
        }
    }
}

} // namespace optiqual::station
