#include "instruments/sim/world/World.h"

#include "core/Units.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <spdlog/spdlog.h>
#include <stdexcept>

namespace optiqual::instruments::sim {
namespace {

constexpr double kLitresPerMinuteToCubicMetresPerSecond = 1e-3 / 60.0;
constexpr int kCableIterations = 6; // fixed point of V_module = V_terminal − I(V_module)·R: converges in a few
/// A case temperature change below this is not handed to the unit (re-evaluating a module costs more than the
/// rest of a step): 1/256 K is the resolution of its own temperature monitor.
constexpr double kCaseResolutionC = 1.0 / 256.0;
/// Likewise for the module's input voltage: 1 mV of a 48 V input moves nothing the module reports.
constexpr double kSupplyResolutionVolts = 1e-3;
constexpr double kNoLightDbm = -std::numeric_limits<double>::infinity();

/// [A] Sensor errors: type-K thermocouples ±0.3 °C after the DAQ's cold-junction compensation (special limits
/// are ±1.1 °C; a station calibrates its channels), transmitters ±0.1 % of span; white noise below that.
constexpr double kThermocoupleOffsetC = 0.3;
constexpr double kThermocoupleNoiseC = 0.02;
constexpr double kTransmitterOffsetOfSpan = 0.001;
constexpr double kTransmitterNoiseOfSpan = 0.0002;
/// [A] A detector's reading noise relative to the power it reads (≈ ±0.005 dB).
constexpr double kDetectorRelativeNoise = 0.001;

CmisModuleParams unitParamsFor(const WorldConfig& config) {
    CmisModuleParams params;
    for (const auto& [name, probability] : config.defectRates) {
        const auto mode = defectModeFromString(name);
        if (!mode || *mode == DefectMode::None)
            throw std::invalid_argument("unknown defect '" + name + "'");
        params.setDefectProbability(*mode, probability);
    }
    return params;
}

/// "fixture1.tx17" → ("fixture1", 17) for a module port of @p kind ("tx" or "rx").
std::optional<std::pair<std::string_view, int>> modulePort(std::string_view port, std::string_view kind) {
    const auto dot = port.rfind('.');
    if (dot == std::string_view::npos || port.substr(dot + 1, kind.size()) != kind)
        return std::nullopt;
    const auto digits = port.substr(dot + 1 + kind.size());
    int lane = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), lane);
    if (ec != std::errc() || end != digits.data() + digits.size() || lane < 1 || lane > CmisModule::kLanes)
        return std::nullopt;
    return std::pair{port.substr(0, dot), lane};
}

ColdPlateParams plateParamsFor(const WorldConfig& config) {
    ColdPlateParams params;
    for (const auto& [name, probability] : config.plateDefectRates) {
        const auto defect = coldPlateDefectFromString(name);
        if (!defect || *defect == ColdPlateDefect::None)
            throw std::invalid_argument("unknown cold-plate defect '" + name + "'");
        params.setDefectProbability(*defect, probability);
    }
    return params;
}

CpoEngineParams cpoParamsFor(const WorldConfig& config) {
    CpoEngineParams params;
    for (const auto& [name, probability] : config.cpoDefectRates) {
        const auto defect = cpoDefectFromString(name);
        if (!defect || *defect == CpoDefect::None)
            throw std::invalid_argument("unknown CPO engine defect '" + name + "'");
        params.setDefectProbability(*defect, probability);
    }
    return params;
}

} // namespace

// --- Seams the simulators hold ------------------------------------------------------------------------------------

class World::SupplyLoadAdapter : public PsuLoad {
public:
    SupplyLoadAdapter(World& world, std::string instrument) : m_world(world), m_instrument(std::move(instrument)) {}
    // Pure: the supply asks while the world integrates (World::applyElectrical) and while it regulates after a
    // command; either way the world's units are as of the world's present.
    double current(int channel, double volts, double) override {
        return m_world.loadCurrent(m_instrument, channel, volts);
    }

private:
    World& m_world;
    std::string m_instrument;
};

class World::ChillerLoadAdapter : public ChillerLoad {
public:
    explicit ChillerLoadAdapter(World& world) : m_world(world) {}
    double temperatureRise(double, bool, double t) override {
        m_world.advanceTo(t);
        return m_world.coolantReturnC() - m_world.coolantSupplyC();
    }

private:
    World& m_world;
};

class World::OpticalInputs : public OpticalSource {
public:
    OpticalInputs(World& world, std::string instrument, bool attenuator)
        : m_world(world), m_instrument(std::move(instrument)), m_attenuator(attenuator),
          m_noise(world.m_seed ^ stableHash(m_instrument)) {}
    double power(int port, double, double seconds) override {
        m_world.advanceTo(seconds);
        const std::string name = m_instrument + "." + std::to_string(port) + (m_attenuator ? ".in" : "");
        const double watts = m_world.opticalPower(name);
        return watts * (1.0 + kDetectorRelativeNoise * std::clamp(m_gauss(m_noise), -3.0, 3.0));
    }

private:
    World& m_world;
    std::string m_instrument;
    bool m_attenuator;
    std::mt19937_64 m_noise;
    std::normal_distribution<double> m_gauss{0.0, 1.0};
};

class World::DaqAdapter : public DaqSignalSource {
public:
    DaqAdapter(World& world, std::string instrument) : m_world(world), m_instrument(std::move(instrument)) {}
    double temperature(int channel, double t) override {
        m_world.advanceTo(t);
        return m_world.daqReading(m_instrument, channel, SensorKind::Thermocouple);
    }
    double dcVoltage(int channel, double t) override {
        m_world.advanceTo(t);
        return m_world.daqReading(m_instrument, channel, SensorKind::Voltage1To5);
    }
    double dcCurrent(int channel, double t) override {
        m_world.advanceTo(t);
        return m_world.daqReading(m_instrument, channel, SensorKind::Current4To20);
    }

private:
    World& m_world;
    std::string m_instrument;
};

// --- World -------------------------------------------------------------------------------------------------------

World::World(WorldConfig config, std::uint64_t seed, double startSeconds)
    : m_config(std::move(config)), m_seed(seed), m_time(startSeconds), m_optics(m_config, seed),
      m_noise(seed ^ 0x6e6f697365ULL), m_plateParams(plateParamsFor(m_config)), m_cpoParams(cpoParamsFor(m_config)) {
    for (const auto& wiring : m_config.plateStands)
        m_stands.emplace_back(wiring, m_config.plateRig, m_config.ambientC);
    for (const auto& wiring : m_config.cpoStands)
        cpoStand(wiring.board);
    const CmisModuleParams unitParams = unitParamsFor(m_config);
    for (const auto& wiring : m_config.sockets) {
        if (findSocket(wiring.fixture))
            throw std::invalid_argument("host board '" + wiring.fixture + "' is wired to two sockets");
        m_sockets.push_back({wiring, std::make_shared<ModuleSocket>(wiring.fixture, unitParams, m_config.ambientC,
                                                                    m_config.plantedDefects)});
        for (int lane = 1; lane <= CmisModule::kLanes; ++lane)
            m_optics.addSource(wiring.fixture + ".tx" + std::to_string(lane));
    }
    std::mt19937_64 draw(seed ^ 0x646171ULL);
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    for (const auto& wiring : m_config.daq) {
        const double span = wiring.rangeHigh - wiring.rangeLow;
        const double offset = wiring.sensor == SensorKind::Thermocouple ? kThermocoupleOffsetC * unit(draw)
                                                                        : kTransmitterOffsetOfSpan * span * unit(draw);
        m_daq.push_back({wiring, offset});
    }
}

World::~World() = default;

World::SocketState* World::findSocket(std::string_view fixture) {
    for (auto& s : m_sockets)
        if (s.wiring.fixture == fixture)
            return &s;
    return nullptr;
}

std::shared_ptr<PsuLoad> World::supplyLoad(const std::string& instrument) {
    return std::make_shared<SupplyLoadAdapter>(*this, instrument);
}

void World::attachSupply(const std::string& instrument, int channel, std::function<double(double)> terminal) {
    m_supplies[{instrument, channel}] = std::move(terminal);
}

std::shared_ptr<ThermalPlant> World::chamberPlant(const std::string& instrument,
                                                  const FirstOrderThermalPlantParams& params) {
    auto& plant = m_chambers[instrument];
    if (!plant) {
        FirstOrderThermalPlantParams p = params;
        p.ambient = m_config.ambientC;
        plant = std::make_shared<FirstOrderThermalPlant>(p);
    }
    return plant;
}

std::shared_ptr<ThermalPlant> World::chillerBath(const std::string& instrument,
                                                 const FirstOrderThermalPlantParams& params) {
    auto& plant = m_chillers[instrument];
    if (!plant) {
        FirstOrderThermalPlantParams p = params;
        p.ambient = m_config.ambientC;
        plant = std::make_shared<FirstOrderThermalPlant>(p);
    }
    return plant;
}

std::shared_ptr<ChillerLoad> World::chillerLoad(const std::string&) {
    return std::make_shared<ChillerLoadAdapter>(*this);
}

std::shared_ptr<OpticalSource> World::opticalInputs(const std::string& instrument, bool attenuatorInputs) {
    return std::make_shared<OpticalInputs>(*this, instrument, attenuatorInputs);
}

void World::attachSwitch(const std::string& instrument, int switches, int inputs, int outputs,
                         OpticalNetwork::SwitchTransmission transmission) {
    m_optics.attachSwitch(instrument, switches, inputs, outputs, std::move(transmission));
}

void World::attachAttenuator(const std::string& instrument, int channels, OpticalNetwork::AttenuatorOutput output) {
    m_optics.attachAttenuator(instrument, channels, std::move(output));
}

std::shared_ptr<DaqSignalSource> World::daqSignals(const std::string& instrument) {
    return std::make_shared<DaqAdapter>(*this, instrument);
}

std::shared_ptr<ModuleSocket> World::moduleSocket(const std::string& instrument) {
    if (auto* s = findSocket(instrument))
        return s->socket;
    // A board the wiring does not name: a socket with no supply behind it (its unit never powers up).
    SocketWiring wiring;
    wiring.fixture = instrument;
    m_sockets.push_back({wiring, std::make_shared<ModuleSocket>(instrument, unitParamsFor(m_config), m_config.ambientC,
                                                                m_config.plantedDefects)});
    for (int lane = 1; lane <= CmisModule::kLanes; ++lane)
        m_optics.addSource(instrument + ".tx" + std::to_string(lane));
    return m_sockets.back().socket;
}

void World::setDigitalOutput(const std::string& daq, int port, unsigned value, double seconds) {
    advanceTo(seconds);
    for (auto& stand : m_stands)
        if (stand.wiring().valveDaq == daq && stand.wiring().valvePort == port)
            stand.setValves(value);
}

void World::setAnalogOutput(const std::string& daq, int channel, double volts, double seconds) {
    advanceTo(seconds);
    for (auto& stand : m_stands)
        if (stand.wiring().flowDaq == daq && stand.wiring().flowChannel == channel)
            stand.setFlowCommand(volts);
}

bool World::seatColdPlate(int socket, const std::string& serial, std::uint64_t lotSeed, const std::string& partNumber,
                          double seconds) {
    advanceTo(seconds);
    for (auto& stand : m_stands) {
        if (stand.wiring().socket != socket)
            continue;
        ColdPlateParams params = m_plateParams;
        params.seed = lotSeed;
        const auto planted = m_config.plantedPlateDefects.find(serial);
        stand.seat(std::make_unique<ColdPlatePart>(serial, partNumber, params,
                                                   planted == m_config.plantedPlateDefects.end()
                                                       ? std::nullopt
                                                       : std::optional<std::vector<ColdPlateDefect>>(planted->second)),
                   chamberAirC());
        return true;
    }
    return false;
}

const ColdPlateStand* World::plateStand(int socket) const {
    for (const auto& stand : m_stands)
        if (stand.wiring().socket == socket)
            return &stand;
    return nullptr;
}

ColdPlateSurroundings World::surroundings(const ColdPlateStand& stand, double seconds) const {
    ColdPlateSurroundings around;
    around.coolantSupplyC = coolantSupplyC();
    around.pumpRunning = coolantFlowLitresPerMinute() > 0.0;
    around.airC = chamberAirC();
    around.coolantHeatCapacity =
        m_config.coolant.densityKgPerCubicMetre * m_config.coolant.heatCapacityJoulePerKgKelvin;
    if (auto it = m_supplies.find({stand.wiring().heaterSupply, stand.wiring().heaterChannel}); it != m_supplies.end())
        around.heaterVolts = it->second(seconds);
    return around;
}

// --- Time ---------------------------------------------------------------------------------------------------------

void World::advanceTo(double seconds) {
    m_asked = std::max(m_asked, seconds);
    const auto started = std::chrono::steady_clock::now();
    for (int steps = 1; m_time < seconds; ++steps) {
        step(std::min(seconds, m_time + kMaxStepSeconds));
        // The clock is read every 64 steps (a few microseconds each): the budget is kept to within them.
        if (m_catchUpBudget.count() > 0 && steps % 64 == 0 &&
            std::chrono::steady_clock::now() - started > m_catchUpBudget) {
            const auto now = std::chrono::steady_clock::now();
            if (now - m_lastBehindWarning > std::chrono::seconds(30)) {
                m_lastBehindWarning = now;
                spdlog::warn("simulated world: {:.0f} simulated s behind its clock (a catch-up ran past {} ms): this "
                             "machine cannot integrate the world at this time scale; lower --time-scale",
                             seconds - m_time, m_catchUpBudget.count());
            }
            break;
        }
    }
    // Settings may have changed since the last step without time passing (an output switched on, a pump
    // started): the algebraic parts follow at once.
    applyElectrical(m_time);
}

void World::prepareSocket(const std::string& instrument, double seconds) {
    advanceTo(seconds);
    if (auto* s = findSocket(instrument))
        applyLight(*s, m_time);
}

void World::step(double to) {
    const double dt = to - m_time;
    const double air = chamberAirC();
    const double supply = coolantSupplyC();
    const double plateFlow = plateFlowLitresPerMinute();
    const auto& plate = m_config.coldPlate;
    const double massFlowHeat = m_config.coolant.densityKgPerCubicMetre *
                                m_config.coolant.heatCapacityJoulePerKgKelvin * plateFlow *
                                kLitresPerMinuteToCubicMetresPerSecond; // W/K carried by one plate's flow
    const double gAir = 1.0 / plate.airKelvinPerWatt;
    double gPlate = 0.0;
    if (plateFlow > 0.0) {
        const double rConv = plate.convectionKelvinPerWatt *
                             std::pow(plateFlow / plate.referenceFlowLitresPerMinute, -plate.flowExponent);
        gPlate = 1.0 / (plate.baseKelvinPerWatt + rConv);
    }
    for (auto& state : m_sockets) {
        const CmisModule* module = state.socket->module();
        const double heat = module ? module->heatWatts() : 0.0;
        // The plate sees the coolant's mean temperature: half its own rise above the supply.
        const double coolant = massFlowHeat > 0.0 ? supply + 0.5 * heat / massFlowHeat : supply;
        const double g = gPlate + gAir;
        const double steady = (heat + gPlate * coolant + gAir * air) / g;
        const double tau = plate.heatCapacityJoulePerKelvin / g;
        const double t0 = state.socket->caseTemperature();
        const double t1 = steady + (t0 - steady) * std::exp(-dt / tau);
        if (std::abs(t1 - state.handedCaseC) >= kCaseResolutionC || !module) {
            state.socket->setCaseTemperature(t1, to);
            state.handedCaseC = t1;
        } else {
            state.socket->keepCaseTemperature(t1);
        }
    }
    for (auto& stand : m_stands)
        stand.step(dt, surroundings(stand, m_time));
    m_time = to;
    applyElectrical(to);
}

void World::applyElectrical(double seconds) {
    // CPO positions: their rails and plate as of now (their light sources and loads follow from these).
    for (auto& cpo : m_cpoStands) {
        cpo->setCoreTerminalVolts(terminalVolts(cpo->wiring().coreSupply, cpo->wiring().coreChannel, seconds));
        cpo->setLaserVolts(terminalVolts(cpo->wiring().laserSupply, cpo->wiring().laserChannel, seconds));
        cpo->setPlateC(chamberAirC());
    }
    for (auto& state : m_sockets) {
        CmisModule* module = state.socket->module();
        if (!module)
            continue;
        double terminal = 0.0;
        if (auto it = m_supplies.find({state.wiring.supply, state.wiring.supplyChannel}); it != m_supplies.end())
            terminal = it->second(seconds);
        socketCurrent(state, terminal, &state.moduleVolts);
        if (std::abs(module->supplyVoltage() - state.moduleVolts) > kSupplyResolutionVolts)
            module->setSupplyVoltage(state.moduleVolts, seconds);
        else if (module->nextTimerDeadline() <= seconds)
            module->advance(seconds); // its timers fire in order; otherwise nothing would change
    }
}

double World::socketCurrent(const SocketState& state, double terminalVolts, double* moduleVolts) const {
    const CmisModule* module = state.socket->module();
    double amps = 0.0;
    double volts = std::max(0.0, terminalVolts);
    if (module) {
        for (int i = 0; i < kCableIterations; ++i) {
            volts = std::max(0.0, terminalVolts - amps * state.wiring.cableOhms);
            const double next = volts > 0.0 ? module->powerDrawWatts(volts) / volts : 0.0;
            const bool converged = std::abs(next - amps) < 1e-9;
            amps = next;
            if (converged)
                break;
        }
    }
    if (moduleVolts)
        *moduleVolts = volts;
    return amps;
}

double World::loadCurrent(const std::string& instrument, int channel, double volts) const {
    double amps = 0.0;
    for (const auto& state : m_sockets)
        if (state.wiring.supply == instrument && state.wiring.supplyChannel == channel)
            amps += socketCurrent(state, volts, nullptr);
    for (const auto& load : m_config.loads)
        if (load.supply == instrument && load.supplyChannel == channel && load.ohms > 0.0)
            amps += std::max(0.0, volts) / load.ohms;
    for (const auto& stand : m_stands)
        if (stand.wiring().heaterSupply == instrument && stand.wiring().heaterChannel == channel)
            amps += stand.heaterCurrent(volts);
    for (const auto& cpo : m_cpoStands) {
        if (cpo->wiring().coreSupply == instrument && cpo->wiring().coreChannel == channel)
            amps += cpo->coreCurrent(volts);
        if (cpo->wiring().laserSupply == instrument && cpo->wiring().laserChannel == channel)
            amps += cpo->laserCurrent(volts);
    }
    return amps;
}

// --- Light --------------------------------------------------------------------------------------------------------

double World::sourceWatts(std::string_view source) const {
    for (const auto& ref : m_config.sources)
        if (ref.name == source)
            return core::dbmToWatts(ref.powerDbm);
    if (const auto cpo = cpoSourceWatts(source))
        return *cpo;
    const auto port = modulePort(source, "tx");
    if (!port)
        return 0.0;
    for (const auto& state : m_sockets) {
        if (state.wiring.fixture != port->first)
            continue;
        const CmisModule* module = state.socket->module();
        // An unpowered module emits nothing; a powered one with its laser off leaks its residual output.
        if (!module || module->powerDrawWatts(module->supplyVoltage()) <= 0.0 || !module->powerEnabled())
            return 0.0;
        return core::dbmToWatts(module->txOutputPowerDbm(port->second - 1));
    }
    return 0.0;
}

double World::opticalPower(std::string_view port) {
    return m_optics.received(port, [this](std::string_view source) { return sourceWatts(source); }).watts;
}

void World::applyLight(SocketState& state, double seconds) {
    CmisModule* module = state.socket->module();
    if (!module)
        return;
    if (state.lightFor != module) {
        state.light = {};
        state.lightFor = module;
    }
    const auto sources = [this](std::string_view source) { return sourceWatts(source); };
    for (int lane = 1; lane <= CmisModule::kLanes; ++lane) {
        const std::string rx = state.wiring.fixture + ".rx" + std::to_string(lane);
        const ReceivedLight light = m_optics.received(rx, sources);
        const double dbm = light.watts > 0.0 ? core::wattsToDbm(light.watts) : kNoLightDbm;
        // A receiver's PRBS checker locks to whatever pattern the strongest light carries: its own lane's
        // generator through a loopback (nullopt), or a reference source's pattern.
        std::optional<std::uint8_t> pattern;
        if (light.dominantSource != state.wiring.fixture + ".tx" + std::to_string(lane)) {
            pattern = 0xFF; // no pattern the checker knows: another lane's light, or none
            for (const auto& ref : m_config.sources)
                if (ref.name == light.dominantSource)
                    pattern = ref.pattern;
        }
        auto& last = state.light[static_cast<std::size_t>(lane - 1)];
        if (last.pattern != pattern || !last.known) {
            module->setRxInputPattern(lane - 1, pattern, seconds);
            last.pattern = pattern;
        }
        // Setting a receiver re-evaluates the module: only do it when the light changed (by more than the
        // meters could tell), so that a board polled in a loop costs no more than its own work.
        if (!last.known || std::abs(dbm - last.dbm) > 1e-6 || (std::isinf(dbm) != std::isinf(last.dbm))) {
            module->setRxInputPowerDbm(lane - 1, dbm, seconds);
            last.dbm = dbm;
        }
        last.known = true;
    }
}

// --- Quantities ---------------------------------------------------------------------------------------------------

double World::chamberAirC() const {
    if (m_config.chamber.empty())
        return m_config.ambientC;
    auto it = m_chambers.find(m_config.chamber);
    return it == m_chambers.end() ? m_config.ambientC : it->second->temperature(m_time);
}

double World::coolantSupplyC() const {
    auto it = m_chillers.find(m_config.coolant.chiller);
    return it == m_chillers.end() ? m_config.ambientC : it->second->temperature(m_time);
}

double World::coolantFlowLitresPerMinute() const {
    auto it = m_chillers.find(m_config.coolant.chiller);
    return it != m_chillers.end() && it->second->demand().running ? m_config.coolant.flowLitresPerMinute : 0.0;
}

double World::plateFlowLitresPerMinute() const {
    std::size_t plates = 0;
    for (const auto& s : m_sockets)
        plates += s.wiring.supply.empty() && !s.socket->module() ? 0 : 1;
    return plates ? coolantFlowLitresPerMinute() / static_cast<double>(plates) : 0.0;
}

double World::coolantReturnC() const {
    // The loop's own flow through the module sockets, and each cold-plate stand's controlled flow.
    double flow = m_sockets.empty() ? 0.0 : coolantFlowLitresPerMinute();
    double heat = 0.0;
    if (flow > 0.0)
        for (const auto& s : m_sockets)
            if (const CmisModule* m = s.socket->module())
                heat += m->heatWatts();
    const bool pump = coolantFlowLitresPerMinute() > 0.0;
    for (const auto& stand : m_stands) {
        flow += stand.flowLitresPerMinute(pump);
        heat += stand.coolantHeatWatts(surroundings(stand, m_time));
    }
    if (flow <= 0.0)
        return coolantSupplyC();
    return coolantSupplyC() +
           heat / (m_config.coolant.densityKgPerCubicMetre * m_config.coolant.heatCapacityJoulePerKgKelvin * flow *
                   kLitresPerMinuteToCubicMetresPerSecond);
}

double World::coolantPressureDropKpa() const {
    const auto& c = m_config.coolant;
    const double flow = coolantFlowLitresPerMinute();
    if (flow <= 0.0 || c.flowLitresPerMinute <= 0.0)
        return 0.0;
    return c.pressureDropKpaAtFlow * std::pow(flow / c.flowLitresPerMinute, c.pressureDropExponent);
}

double World::quantity(std::string_view signal) const {
    if (signal == "chamber.air")
        return chamberAirC();
    if (signal == "coolant.supply")
        return coolantSupplyC();
    if (signal == "coolant.return")
        return coolantReturnC();
    if (signal == "coolant.flow")
        return coolantFlowLitresPerMinute();
    if (signal == "coolant.pressure_drop")
        return coolantPressureDropKpa();
    if (signal == "ambient")
        return m_config.ambientC;
    const auto dot = signal.rfind('.');
    if (dot != std::string_view::npos)
        for (const auto& stand : m_stands)
            if (stand.wiring().name == signal.substr(0, dot))
                return stand.quantity(signal.substr(dot + 1), surroundings(stand, m_time));
    if (dot != std::string_view::npos && signal.substr(dot + 1) == "case")
        for (const auto& s : m_sockets)
            if (s.wiring.fixture == signal.substr(0, dot))
                return s.socket->caseTemperature();
    return std::numeric_limits<double>::quiet_NaN();
}

double World::daqReading(const std::string& daq, int channel, SensorKind asKind) {
    for (const auto& ch : m_daq) {
        if (ch.wiring.daq != daq || ch.wiring.channel != channel)
            continue;
        std::normal_distribution<double> gauss(0.0, 1.0);
        const double noise = std::clamp(gauss(m_noise), -3.0, 3.0);
        const double value = quantity(ch.wiring.signal);
        if (ch.wiring.sensor == SensorKind::Thermocouple)
            return asKind == SensorKind::Thermocouple ? value + ch.offset + kThermocoupleNoiseC * noise
                                                      : 0.0; // a thermocouple read as volts: tens of µV, ~0
        const double span = ch.wiring.rangeHigh - ch.wiring.rangeLow;
        const double fraction = span != 0.0 ? (value + ch.offset - ch.wiring.rangeLow) / span : 0.0;
        // Transmitters saturate a little beyond their span (NAMUR NE 43: 3.8–20.5 mA), never below their zero.
        const double f = std::clamp(fraction + kTransmitterNoiseOfSpan * noise, -0.0125, 1.03125);
        switch (ch.wiring.sensor) {
        case SensorKind::Current4To20:
            return asKind == SensorKind::Current4To20 ? 4e-3 + 16e-3 * f : 0.0;
        case SensorKind::Voltage1To5:
            return asKind != SensorKind::Current4To20 ? 1.0 + 4.0 * f : 0.0;
        case SensorKind::Voltage0To10:
            return asKind != SensorKind::Current4To20 ? 10.0 * std::max(0.0, f) : 0.0;
        case SensorKind::Thermocouple:
            break;
        }
    }
    // Nothing wired: an open thermocouple (the DAQ reports overload) or a floating input at 0 V / 0 A.
    return asKind == SensorKind::Thermocouple ? std::numeric_limits<double>::quiet_NaN() : 0.0;
}

} // namespace optiqual::instruments::sim
