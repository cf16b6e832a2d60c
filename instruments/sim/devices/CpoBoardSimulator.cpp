#include "instruments/sim/devices/CpoBoardSimulator.h"

#include "core/Units.h"
#include "instruments/sim/devices/FixtureErrors.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace optiqual::instruments::sim {
namespace {

using fixture::integerParam;

constexpr std::string_view kModelKey = "CPO-HB1";
constexpr std::array<std::string_view, 1> kModelKeys{kModelKey};
constexpr const char* kFirmware = "1.0.0";

// docs/cpo-board.md §9: the board's device errors.
constexpr int kEngineNotPresent = 201;
constexpr int kEngineNotReady = 202;
constexpr int kElsfpNotPowered = 204;
constexpr int kPageNotImplemented = 205;
constexpr int kPatternNotSupported = 207;
constexpr int kInterlockOpen = 210;

constexpr int kMaxPattern = 12; // PRBS31Q 0 … SSPRQ 12, as on the XPO-HB1
constexpr int kUpperBase = 128;
constexpr double kNotAvailable = std::numeric_limits<double>::quiet_NaN();

/// Index into a 128-byte upper page of the CMIS byte at @p offset (128–255).
std::size_t byteAt(int offset) {
    return static_cast<std::size_t>(offset) - static_cast<std::size_t>(kUpperBase);
}

// The ring-tuning firmware (guide §6): sweep each heater from 0 to its limit in 0.2 mW steps and lock on the highest
// drop-port reading, if it is a real peak: at least 10 µA, ten times the sweep's lowest reading, and not at either end
// of the sweep (a resonance just past the limit would otherwise look like one).
constexpr double kSweepStepMw = 0.2;
constexpr double kMinimumPeakAmps = 10e-6;
constexpr double kPeakToFloor = 10.0;
constexpr double kPhotocurrentResolution = 10e-12; // the TIA monitor ADC's LSB

// Page 1Ah / 1Bh offsets (guide appendix A).
constexpr int kLaneEnable = 220;
constexpr int kLaneState = 221;
constexpr int kFibreChecked = 223;
constexpr int kFaultCodes = 212;
constexpr int kBiasMonitors = 184;
constexpr int kPowerMonitors = 200;
constexpr double kBiasLsbAmps = 100e-6;
constexpr double kPowerLsbWatts = 10e-6;

std::string joinNr3(const std::vector<double>& values) {
    std::string out;
    for (double v : values) {
        if (!out.empty())
            out += ',';
        out += formatNr3(v);
    }
    return out;
}

std::string joinNr1(const std::vector<int>& values) {
    std::string out;
    for (int v : values) {
        if (!out.empty())
            out += ',';
        out += std::to_string(v);
    }
    return out;
}

/// Parameter @p index as a list of numbers 1–@p count (all of them when absent).
std::vector<int> listParam(const ScpiContext& c, std::size_t index, int count, std::string_view what) {
    std::vector<int> list;
    if (c.paramCount() <= index) {
        for (int i = 1; i <= count; ++i)
            list.push_back(i);
        return list;
    }
    list = c.channelList(index);
    if (list.empty())
        throw ScpiError(fixture::kDataOutOfRange, "empty " + std::string(what) + " list");
    for (const int n : list)
        if (n < 1 || n > count)
            throw ScpiError(fixture::kDataOutOfRange,
                            std::string(what) + " " + std::to_string(n) + " outside 1-" + std::to_string(count));
    return list;
}

std::vector<int> channels(const ScpiContext& c, std::size_t index) {
    return listParam(c, index, CpoEngine::kChannels, "channel");
}
std::vector<int> lasers(const ScpiContext& c, std::size_t index) {
    return listParam(c, index, CpoEngine::kLasers, "laser");
}

std::string trimmedText(const std::array<std::uint8_t, 128>& page, int offset, int length) {
    std::string text(page.begin() + (offset - kUpperBase), page.begin() + (offset - kUpperBase + length));
    while (!text.empty() && text.back() == ' ')
        text.pop_back();
    return text;
}

ScpiDeviceOptions boardOptions() {
    ScpiDeviceOptions options;
    options.errorQueueCapacity = 16;
    options.signedNr1 = true;
    options.errorDetail = true;
    options.powerOnEvent = true;
    return options;
}

} // namespace

CpoBoardSimulator::CpoBoardSimulator(const SimContext& context)
    : ScpiDevice("OptiQual," + std::string(kModelKey) + "," + context.serialNumber + "," + kFirmware, boardOptions()),
      m_seconds([clock = context.clock] { return clock->seconds(); }), m_world(context.world), m_name(context.name) {
    CpoEngineParams params;
    params.seed = context.seed;
    if (m_world) {
        m_stand = &m_world->cpoStand(m_name);
    } else {
        // Alone: nominal rails, a 25 °C plate and no light at the receivers.
        m_ownStand = std::make_unique<CpoStand>(CpoStandWiring{});
        m_ownStand->setCoreTerminalVolts(params.coreNominalVolts);
        m_ownStand->setLaserVolts(3.3);
        m_stand = m_ownStand.get();
    }
    if (!m_stand->engine())
        m_stand->seat(std::make_unique<CpoEngine>(defaultEngineSerial(context.seed), "", params));
    registerEngineCommands();
    registerElsfpCommands();
}

std::string CpoBoardSimulator::defaultEngineSerial(std::uint64_t seed) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL; // splitmix64, as the XPO-HB1's default module serial
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    std::string digits = std::to_string(z % 10'000'000ULL);
    return "CPO" + std::string(7 - digits.size(), '0') + digits;
}

std::optional<std::string> CpoBoardSimulator::handleMessage(std::string_view message) {
    // The world first brings the position up to the present: rails, plate, the light at the receivers.
    if (m_world)
        m_world->prepareCpo(m_name, now());
    return ScpiDevice::handleMessage(message);
}

void CpoBoardSimulator::reset() {
    m_stand->resetBoard();
}

CpoStand& CpoBoardSimulator::engineStand(bool ready) {
    if (!m_stand->engine())
        throw ScpiError(kEngineNotPresent, "Engine not present");
    if (ready && !m_stand->engineReady())
        throw ScpiError(kEngineNotReady, "Engine not ready");
    return *m_stand;
}

std::array<std::uint8_t, 128> CpoBoardSimulator::elsfpPage(int page) {
    engineStand(false);
    if (!m_stand->elsfpPowered())
        throw ScpiError(kElsfpNotPowered, "ELSFP not powered");
    const auto bytes = m_stand->elsfpPage(page);
    if (!bytes)
        throw ScpiError(kPageNotImplemented, "ELSFP page not implemented");
    return *bytes;
}

void CpoBoardSimulator::tuneRing(int channel) {
    CpoStand& stand = engineStand(true);
    const double limit = stand.engine()->params().heaterMaxMw;
    double best = -1.0, bestMw = 0.0, floor = std::numeric_limits<double>::infinity();
    const int steps = static_cast<int>(std::floor(limit / kSweepStepMw));
    for (int i = 0; i <= steps; ++i) {
        const double mw = i * kSweepStepMw;
        const double amps = stand.ringMonitorAmps(channel, mw);
        floor = std::min(floor, amps);
        if (amps > best) {
            best = amps;
            bestMw = mw;
        }
    }
    const bool atEnd = bestMw <= 0.0 || bestMw >= steps * kSweepStepMw;
    const bool locked = best >= kMinimumPeakAmps && best >= kPeakToFloor * floor && !atEnd;
    stand.setHeaterMw(channel, locked ? bestMw : 0.0);
}

void CpoBoardSimulator::registerEngineCommands() {
    addCommand("SYSTem:VERSion?", 0, 0, [](ScpiContext& c) { c.reply("1999.0"); });
    addCommand("ENGine:PRESent?", 0, 0, [this](ScpiContext& c) { c.reply(m_stand->engine() ? "1" : "0"); });
    addCommand("ENGine:ENABle", 1, 1, [this](ScpiContext& c) {
        const bool on = c.boolean(0);
        if (!on) {
            // Always accepted, with or without an engine (a safe state must be reachable from anywhere): disabling
            // the engine drops its heaters and checkers too.
            m_stand->setEngineEnabled(false);
            m_stand->resetBoard();
            return;
        }
        engineStand(false).setEngineEnabled(true);
    });
    addCommand("ENGine:ENABle?", 0, 0, [this](ScpiContext& c) { c.reply(m_stand->engineEnabled() ? "1" : "0"); });
    addCommand("ENGine:STATe?", 0, 0, [this](ScpiContext& c) {
        c.reply(!m_stand->engine() ? "ABSENT" : (m_stand->engineReady() ? "READY" : "OFF"));
    });
    addCommand("ENGine:TEMPerature?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr3(engineStand(true).dieC())); });
    addCommand("RING:TUNE", 0, 1, [this](ScpiContext& c) {
        for (const int ch : channels(c, 0))
            tuneRing(ch - 1);
    });
    addCommand("RING:LOCK?", 0, 1, [this](ScpiContext& c) {
        CpoStand& stand = engineStand(true);
        const double halfWidth = stand.engine()->params().ringFwhmNm / 2.0;
        std::vector<int> locked;
        for (const int ch : channels(c, 0)) {
            const double heater = stand.heaterMw(ch - 1);
            const double detuning = stand.engine()->ringDetuningNm(ch - 1, stand.dieC(), heater);
            locked.push_back(heater > 0.0 && std::abs(detuning) <= halfWidth ? 1 : 0);
        }
        c.reply(joinNr1(locked));
    });
    addCommand("RING:HEATer?", 0, 1, [this](ScpiContext& c) {
        CpoStand& stand = engineStand(true);
        std::vector<double> watts;
        for (const int ch : channels(c, 0))
            watts.push_back(stand.heaterMw(ch - 1) * 1e-3);
        c.reply(joinNr3(watts));
    });
    addCommand("RX:PCURrent?", 0, 1, [this](ScpiContext& c) {
        CpoStand& stand = engineStand(true);
        std::vector<double> amps;
        for (const int ch : channels(c, 0))
            amps.push_back(std::round(stand.photocurrentAmps(ch - 1) / kPhotocurrentResolution) *
                           kPhotocurrentResolution);
        c.reply(joinNr3(amps));
    });
    addCommand("PRBS:STARt", 1, 2, [this](ScpiContext& c) {
        const int pattern = integerParam(c, 0, "pattern", 0, 15);
        if (pattern > kMaxPattern)
            throw ScpiError(kPatternNotSupported, "Pattern not supported");
        CpoStand& stand = engineStand(true);
        for (const int ch : channels(c, 1))
            stand.setChecker(ch - 1, pattern);
    });
    addCommand("PRBS:STOP", 0, 1, [this](ScpiContext& c) {
        CpoStand& stand = engineStand(false);
        for (const int ch : channels(c, 0))
            stand.setChecker(ch - 1, -1);
    });
    addCommand("PRBS:BER?", 0, 1, [this](ScpiContext& c) {
        CpoStand& stand = engineStand(true);
        std::vector<double> ber;
        for (const int ch : channels(c, 0))
            ber.push_back(stand.ber(ch - 1));
        c.reply(joinNr3(ber));
    });
}

std::vector<double> CpoBoardSimulator::laserMonitor(int firstOffset, double lsb, const std::vector<int>& list) {
    const auto page = elsfpPage(kElsfpPageLaserMonitors);
    std::vector<double> values;
    for (const int k : list) {
        const auto at = byteAt(firstOffset + 2 * (k - 1));
        values.push_back(static_cast<double>(page[at] << 8 | page[at + 1]) * lsb);
    }
    return values;
}

void CpoBoardSimulator::setLaserBits(int offset, bool on, const std::vector<int>& list) {
    const auto page = elsfpPage(kElsfpPageLaserControl);
    auto bits = page[byteAt(offset)];
    for (const int k : list)
        bits = static_cast<std::uint8_t>(on ? bits | (1U << (k - 1)) : bits & ~(1U << (k - 1)));
    m_stand->writeElsfp(kElsfpPageLaserControl, offset, bits);
}

void CpoBoardSimulator::registerElsfpCommands() {
    addCommand("ELS:PRESent?", 0, 0, [this](ScpiContext& c) { c.reply(m_stand->engine() ? "1" : "0"); });
    addCommand("ELS:INTerlock?", 0, 0, [this](ScpiContext& c) { c.reply(m_stand->interlockClosed() ? "1" : "0"); });
    const auto identity = [this](std::string_view pattern, int offset) {
        addCommand(pattern, 0, 0, [this, offset](ScpiContext& c) {
            c.reply(trimmedText(elsfpPage(kElsfpPageAdvertising), offset, 16));
        });
    };
    identity("ELS:VENDor?", 129);
    identity("ELS:PNUMber?", 148);
    identity("ELS:SNUMber?", 166);
    addCommand("ELS:CMIS:READ?", 3, 3, [this](ScpiContext& c) {
        const int page = integerParam(c, 0, "page", 0, 255);
        const int offset = integerParam(c, 1, "offset", kUpperBase, 255);
        const int length = integerParam(c, 2, "length", 1, 256 - offset);
        const auto bytes = elsfpPage(page);
        c.reply(formatBlock(std::string_view(reinterpret_cast<const char*>(bytes.data()) + (offset - kUpperBase),
                                             static_cast<std::size_t>(length))));
    });
    addCommand("ELS:CMIS:BYTE", 3, 3, [this](ScpiContext& c) {
        const int page = integerParam(c, 0, "page", 0, 255);
        const int offset = integerParam(c, 1, "offset", kUpperBase, 255);
        const int value = integerParam(c, 2, "value", 0, 255);
        elsfpPage(page);
        if (page == kElsfpPageLaserControl && offset == kLaneEnable && value != 0 && !m_stand->interlockClosed())
            throw ScpiError(kInterlockOpen, "Interlock open");
        m_stand->writeElsfp(page, offset, static_cast<std::uint8_t>(value)); // read-only bytes: ignored, as CMIS
    });
    addCommand("ELS:LASer:ENABle", 1, 2, [this](ScpiContext& c) {
        const bool on = c.boolean(0);
        const auto list = lasers(c, 1);
        if (!on && m_stand->engine() && !m_stand->elsfpPowered())
            return; // an unpowered module emits nothing: switching its lasers off is always accepted
        if (on && !m_stand->interlockClosed())
            throw ScpiError(kInterlockOpen, "Interlock open");
        setLaserBits(kLaneEnable, on, list);
    });
    addCommand("ELS:LASer:CHECked", 1, 2,
               [this](ScpiContext& c) { setLaserBits(kFibreChecked, c.boolean(0), lasers(c, 1)); });
    addCommand("ELS:LASer:STATe?", 0, 1, [this](ScpiContext& c) {
        const auto page = elsfpPage(kElsfpPageLaserControl);
        std::vector<int> states;
        for (const int k : lasers(c, 0)) {
            const auto byte = page[byteAt(kLaneState + (k - 1) / 4)];
            states.push_back((byte >> (2 * ((k - 1) % 4))) & 0x3);
        }
        c.reply(joinNr1(states));
    });
    addCommand("ELS:LASer:FAULt?", 0, 1, [this](ScpiContext& c) {
        const auto page = elsfpPage(kElsfpPageLaserControl);
        std::vector<int> codes;
        for (const int k : lasers(c, 0))
            codes.push_back(page[byteAt(kFaultCodes + k - 1)]);
        c.reply(joinNr1(codes));
    });
    addCommand("ELS:POWer?", 0, 1, [this](ScpiContext& c) {
        std::vector<double> dbm = laserMonitor(kPowerMonitors, kPowerLsbWatts, lasers(c, 0));
        for (double& v : dbm)
            v = v > 0.0 ? core::wattsToDbm(v) : -std::numeric_limits<double>::infinity();
        c.reply(joinNr3(dbm));
    });
    addCommand("ELS:BIAS?", 0, 1,
               [this](ScpiContext& c) { c.reply(joinNr3(laserMonitor(kBiasMonitors, kBiasLsbAmps, lasers(c, 0)))); });
}

std::span<const std::string_view> cpoBoardSimulatorModels() {
    return kModelKeys;
}

std::shared_ptr<LineDevice> makeCpoBoardSimulator(std::string_view model, const SimContext& context) {
    if (!equalsIgnoreCase(model, kModelKey))
        throw std::invalid_argument("no CPO board simulator for the model '" + std::string(model) +
                                    "' (known: CPO-HB1)");
    return std::make_shared<CpoBoardSimulator>(context);
}

} // namespace optiqual::instruments::sim
