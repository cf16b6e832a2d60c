#include "instruments/sim/devices/FixtureSimulator.h"

#include "instruments/sim/devices/FixtureErrors.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"
#include "instruments/sim/world/CmisMemoryMap.h"
#include "instruments/sim/world/World.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

namespace optiqual::instruments::sim {
namespace {

using namespace fixture;

constexpr std::string_view kModelKey = "XPO-HB1";
constexpr std::array<std::string_view, 1> kModelKeys{kModelKey};
constexpr const char* kFirmware = "1.0.0";

constexpr int kMaxTransferBytes = 128;
// The CMIS address space is the memory map's: 256 bytes a transaction can see, the upper page from byte 128.
constexpr int kAddressSpace = CmisMemoryMap::kAddressSpace;
constexpr int kUpperBase = CmisMemoryMap::kUpperBase;
constexpr int kWriteTransaction = 8; // CMIS: at most 8 bytes per write, never across an 8-byte boundary

constexpr NumberSpec kPulseWidth{"S", 1e-5, 1.0, 0.01};
constexpr NumberSpec kWaitTimeout{"S", 0.0, 3600.0, 60.0};
constexpr double kWaitStepSeconds = 0.01;                                  // the board checks every 10 ms of its time
constexpr double kNotAvailable = std::numeric_limits<double>::quiet_NaN(); // `+9.91000000E+37`

/// `FIXT:MOD:STAT?` words (guide §6) and the module states they name.
struct StateWord {
    std::string_view word;
    CmisModuleState state;
};
constexpr std::array<StateWord, 9> kStateWords{{
    {"ABSENT", CmisModuleState::Absent},
    {"OFF", CmisModuleState::Unpowered},
    {"RESET", CmisModuleState::Resetting},
    {"INIT", CmisModuleState::ManagementInit},
    {"LOWP", CmisModuleState::LowPower},
    {"PUP", CmisModuleState::PowerUp},
    {"READY", CmisModuleState::Ready},
    {"PDOWN", CmisModuleState::PowerDown},
    {"FAULT", CmisModuleState::Fault},
}};

/// The state parameter of `STAT:WAIT?` and `STAT:TIME?` (any case); −224 for another word.
CmisModuleState stateParam(const ScpiContext& c, std::size_t index) {
    const std::string_view word = c.rawParam(index);
    for (const StateWord& entry : kStateWords)
        if (equalsIgnoreCase(word, entry.word))
            return entry.state;
    throw ScpiError(kIllegalParameterValue, "state " + std::string(word));
}

ScpiDeviceOptions boardOptions() {
    ScpiDeviceOptions options;
    options.errorQueueCapacity = FixtureSimulator::kErrorQueueEntries;
    options.signedNr1 = true;    // `+0,"No error"`, `+201,"Module not present"` (guide §5)
    options.errorDetail = true;  // `-222,"Data out of range;length 129 > 128"`
    options.powerOnEvent = true; // ESR bit 7 after the board starts
    return options;
}

/// Whether the message ends in a definite block one byte short: SimServer strips a CR before the LF even when it
/// is the block's last byte (CMIS:WRIT of a 0x0D byte), and this puts it back. A block really sent one byte short
/// cannot end a message: its length would have swallowed the LF and the next message.
bool endsInBlockMissingCr(std::string_view message) {
    std::size_t i = 0;
    while (i < message.size()) {
        if (message[i] != '#' || i + 1 >= message.size() || message[i + 1] < '1' || message[i + 1] > '9') {
            ++i;
            continue;
        }
        const auto digits = static_cast<std::size_t>(message[i + 1] - '0');
        if (i + 2 + digits > message.size())
            return false;
        std::size_t length = 0;
        for (std::size_t d = i + 2; d < i + 2 + digits; ++d) {
            if (!isAsciiDigit(message[d]))
                return false;
            length = length * 10 + static_cast<std::size_t>(message[d] - '0');
        }
        const std::size_t end = i + 2 + digits + length;
        if (end == message.size() + 1)
            return true;
        if (end > message.size())
            return false;
        i = end;
    }
    return false;
}

/// [A] A stand-alone board (no world behind it, as in unit tests of the board) loops each lane's transmitter back
/// to its receiver at about 2 dB below a typical +1 dBm launch. On a simulated station the world's fibre graph
/// decides what each receiver sees instead.
constexpr double kLoopbackRxDbm = -1.0;

} // namespace

FixtureSimulator::FixtureSimulator(const SimContext& context)
    : ScpiDevice("OptiQual," + std::string(kModelKey) + "," + context.serialNumber + "," + kFirmware, boardOptions()),
      m_seconds([clock = context.clock] { return clock->seconds(); }), m_world(context.world), m_name(context.name) {
    if (m_world) {
        // On a simulated station the socket is the world's: it sets the unit's supply, case temperature and light.
        m_socket = m_world->moduleSocket(m_name);
        if (!m_socket->module())
            m_socket->seatUnit(defaultModuleSerial(context.seed), context.seed, m_seconds());
        m_module = m_socket->module();
    } else {
        CmisModuleParams params;
        params.seed = context.seed;
        m_socket = std::make_shared<ModuleSocket>(m_name, params, params.thermal.initialCaseTemperatureC);
        m_socket->seatUnit(defaultModuleSerial(context.seed), context.seed, m_seconds());
        m_module = m_socket->module();
        standAloneLoopback(*m_module);
    }
    applyPins();
    registerSocketCommands();
    registerStateCommands();
    registerCmisCommands();
    registerPrbsCommands();
    registerDdmCommands();
}

std::string FixtureSimulator::defaultModuleSerial(std::uint64_t seed) {
    // splitmix64: a fixed integer mix, so every compiler and library gives the same serial for a seed.
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    std::string digits = std::to_string(z % 10'000'000ULL);
    return "XPO" + std::string(7 - digits.size(), '0') + digits;
}

bool FixtureSimulator::modulePresent() const {
    return m_module != nullptr && m_module->present();
}

CmisModule& FixtureSimulator::module() {
    if (!m_module)
        throw std::logic_error("the fixture's socket is empty");
    return *m_module;
}

void FixtureSimulator::seatUnit(const std::string& serial, std::uint64_t lotSeed, const std::string& partNumber) {
    m_socket->seatUnit(serial, lotSeed, m_seconds(), partNumber);
    m_module = m_socket->module();
    if (!m_world)
        standAloneLoopback(*m_module);
    m_powerOn = false;
    applyPins();
}

void FixtureSimulator::seat(std::unique_ptr<CmisModule> module) {
    m_socket->seat(std::move(module), m_seconds());
    m_module = m_socket->module();
    m_powerOn = false;
    m_switchedOnAt = kNotAvailable; // a new module has no bring-up to time yet
    applyPins();
}

void FixtureSimulator::standAloneLoopback(CmisModule& module) {
    for (int lane = 0; lane < CmisModule::kLanes; ++lane)
        module.setRxInputPowerDbm(lane, kLoopbackRxDbm, m_seconds());
}

void FixtureSimulator::unseat() {
    seat(nullptr);
}

void FixtureSimulator::setSlot(int slot) {
    if (slot < 1 || slot > 99)
        throw std::out_of_range("fixture slot " + std::to_string(slot) + " outside 1-99");
    m_slot = slot;
}

void FixtureSimulator::setTimeSource(std::function<double()> seconds) {
    if (!seconds)
        throw std::invalid_argument("the simulated fixture needs a time source");
    m_seconds = std::move(seconds);
}

double FixtureSimulator::boardTime() const {
    // After a wait or a pulse the module has lived ahead of the clock; the board's own time is at least that far.
    return m_module ? std::max(now(), m_module->now()) : now();
}

void FixtureSimulator::applyPins() {
    if (!m_module)
        return;
    const double t = now();
    m_module->setPresent(true, t);
    m_module->setResetAsserted(m_resetAsserted, t);
    m_module->setLowPowerPin(m_lowPowerAsserted, t);
    m_module->setPowerEnabled(m_powerOn, t);
}

void FixtureSimulator::followPresence() {
    // The board switches power off itself when the module leaves the socket (guide §6).
    if (m_powerOn && !modulePresent()) {
        m_powerOn = false;
        if (m_module)
            m_module->setPowerEnabled(false, now());
    }
}

std::optional<std::string> FixtureSimulator::handleMessage(std::string_view message) {
    if (message.size() > kInputBufferBytes) {
        pushError(kInputBufferOverrun, std::to_string(message.size()) + " bytes");
        return std::nullopt;
    }
    // The world first brings the unit up to the present: its supply, its case temperature, the light at its
    // receivers (routes and attenuators may have changed since the last message).
    if (m_world)
        m_world->prepareSocket(m_name, now());
    followPresence();
    if (endsInBlockMissingCr(message))
        return ScpiDevice::handleMessage(std::string(message) + '\r');
    return ScpiDevice::handleMessage(message);
}

void FixtureSimulator::reset() {
    m_powerOn = false;
    m_resetAsserted = true;
    m_lowPowerAsserted = true;
    applyPins();
}

CmisModuleState FixtureSimulator::boardState(double seconds) {
    return m_module ? m_module->state(seconds) : CmisModuleState::Absent;
}

std::string_view FixtureSimulator::stateWord(double seconds) {
    const CmisModuleState state = boardState(seconds);
    for (const StateWord& entry : kStateWords)
        if (entry.state == state)
            return entry.word;
    // A reserved byte-3 code: the simulated module never reports one, a real one might (guide §6).
    throw ScpiError(kModuleStateInvalid, kModuleStateInvalidText);
}

double FixtureSimulator::stateEntryTime(CmisModuleState state) {
    if (!m_module || std::isnan(m_switchedOnAt))
        return kNotAvailable;
    m_module->advance(now());
    const double entered = m_module->stateEnteredAt(state);
    return entered >= m_switchedOnAt ? entered - m_switchedOnAt : kNotAvailable;
}

CmisModule& FixtureSimulator::seatedModule() {
    if (!modulePresent())
        throw ScpiError(kModuleNotPresent, kModuleNotPresentText);
    return *m_module;
}

CmisModule& FixtureSimulator::readyModule() {
    CmisModule& module = seatedModule();
    switch (module.state(now())) {
    case CmisModuleState::Ready:
        return module;
    case CmisModuleState::Absent:
        throw ScpiError(kModuleNotPresent, kModuleNotPresentText);
    case CmisModuleState::Unpowered:
        throw ScpiError(kModuleNotPowered, kModuleNotPoweredText);
    case CmisModuleState::Resetting:
    case CmisModuleState::ManagementInit:
        throw ScpiError(kCmisNack, kCmisNackText);
    default:
        throw ScpiError(kModuleNotReady, kModuleNotReadyText);
    }
}

std::vector<std::uint8_t> FixtureSimulator::readRegisters(int bank, int page, int offset, int length) {
    CmisReadResult result = seatedModule().read(bank, page, offset, length, now());
    throwForStatus(result.status);
    return std::move(result.bytes);
}

std::uint8_t FixtureSimulator::readRegister(int bank, int page, int offset) {
    return readRegisters(bank, page, offset, 1).front();
}

void FixtureSimulator::writeRegisters(int bank, int page, int offset, std::span<const std::uint8_t> bytes) {
    CmisModule& module = seatedModule();
    const int end = offset + static_cast<int>(bytes.size());
    for (int at = offset; at < end;) {
        const int chunkEnd = std::min(end, (at / kWriteTransaction + 1) * kWriteTransaction);
        const auto chunk =
            bytes.subspan(static_cast<std::size_t>(at - offset), static_cast<std::size_t>(chunkEnd - at));
        throwForStatus(module.write(bank, page, at, chunk, now()));
        at = chunkEnd;
    }
}

void FixtureSimulator::registerSocketCommands() {
    addCommand("SYSTem:VERSion?", 0, 0, [](ScpiContext& c) { c.reply("1999.0"); });
    addCommand("FIXTure:SLOT?", 0, 0, [this](ScpiContext& c) { c.reply(formatNr1(m_slot)); });
    addCommand("FIXTure:MODule:PRESent?", 0, 0, [this](ScpiContext& c) { c.reply(modulePresent() ? "1" : "0"); });
    addCommand("FIXTure:MODule:POWer[:STATe]", 1, 1, [this](ScpiContext& c) {
        const bool on = c.boolean(0);
        if (on && !modulePresent())
            throw ScpiError(kModuleNotPresent, kModuleNotPresentText);
        const bool switchedOn = on && !m_powerOn;
        m_powerOn = on;
        if (!m_module)
            return;
        m_module->setPowerEnabled(on, now());
        if (switchedOn) // on the module's time line, which a wait may have moved ahead of the clock
            m_switchedOnAt = m_module->now();
    });
    addCommand("FIXTure:MODule:POWer[:STATe]?", 0, 0, [this](ScpiContext& c) { c.reply(m_powerOn ? "1" : "0"); });
    addCommand("FIXTure:MODule:RESet[:STATe]", 1, 1, [this](ScpiContext& c) {
        m_resetAsserted = c.boolean(0);
        if (m_module)
            m_module->setResetAsserted(m_resetAsserted, now());
    });
    addCommand("FIXTure:MODule:RESet[:STATe]?", 0, 0, [this](ScpiContext& c) { c.reply(m_resetAsserted ? "1" : "0"); });
    addCommand("FIXTure:MODule:RESet:PULSe", 0, 1, [this](ScpiContext& c) {
        const double width = c.paramCount() > 0 ? c.number(0, kPulseWidth) : kPulseWidth.def;
        if (m_resetAsserted)
            throw ScpiError(kSettingsConflict, "ResetL is held by RES ON");
        if (!m_module)
            return; // a pin without a module: nothing to reset
        const double start = boardTime();
        m_module->setResetAsserted(true, start);
        m_module->setResetAsserted(false, start + width);
    });
    addCommand("FIXTure:MODule:LPMode", 1, 1, [this](ScpiContext& c) {
        m_lowPowerAsserted = c.boolean(0);
        if (m_module)
            m_module->setLowPowerPin(m_lowPowerAsserted, now());
    });
    addCommand("FIXTure:MODule:LPMode?", 0, 0, [this](ScpiContext& c) { c.reply(m_lowPowerAsserted ? "1" : "0"); });
    addCommand("FIXTure:MODule:INTerrupt?", 0, 0,
               [this](ScpiContext& c) { c.reply(modulePresent() && m_module->interruptAsserted(now()) ? "1" : "0"); });
}

void FixtureSimulator::registerStateCommands() {
    addCommand("FIXTure:MODule:STATe?", 0, 0, [this](ScpiContext& c) { c.reply(std::string(stateWord(now()))); });
    addCommand("FIXTure:MODule:STATe:WAIT?", 1, 2, [this](ScpiContext& c) {
        const CmisModuleState target = stateParam(c, 0);
        const double timeout = c.paramCount() > 1 ? c.number(1, kWaitTimeout) : kWaitTimeout.def;
        // The board polls every 10 ms of its time; the simulator does the same on the module's own time line,
        // which moves the module ahead of the clock by the time the board would have spent.
        const double start = boardTime();
        const double end = start + timeout;
        for (double t = start;; t = std::min(end, t + kWaitStepSeconds)) {
            if (boardState(t) == target) {
                c.reply("1");
                return;
            }
            if (t >= end || !m_module) { // an empty socket changes nothing by itself
                c.reply("0");
                return;
            }
        }
    });
    addCommand("FIXTure:MODule:STATe:TIME?", 1, 1,
               [this](ScpiContext& c) { c.reply(formatNr3(stateEntryTime(stateParam(c, 0)))); });
    const auto measure = [this](std::string_view pattern, double (*quantity)(double volts, double watts)) {
        addCommand(pattern, 0, 0, [this, quantity](ScpiContext& c) {
            if (!m_powerOn || !modulePresent()) {
                c.reply(formatNr3(0.0));
                return;
            }
            m_module->advance(now());
            const double volts = m_module->supplyVoltage();
            c.reply(formatNr3(quantity(volts, m_module->powerDrawWatts(volts))));
        });
    };
    measure("FIXTure:MODule:MEASure:VOLTage?", [](double volts, double) { return volts; });
    measure("FIXTure:MODule:MEASure:CURRent?",
            [](double volts, double watts) { return volts > 0 ? watts / volts : 0; });
    measure("FIXTure:MODule:MEASure:POWer?", [](double, double watts) { return watts; });
    // The sense amplifier's peak detector: the module's input current is continuous in time, and the module keeps
    // its maximum since the switch closed (inrush included), which is what the hardware peak-hold holds.
    addCommand("FIXTure:MODule:MEASure:CURRent:PEAK?", 0, 0, [this](ScpiContext& c) {
        if (!m_module) {
            c.reply(formatNr3(0.0));
            return;
        }
        m_module->advance(now());
        c.reply(formatNr3(m_module->inputCurrentPeakAmps()));
    });
}

void FixtureSimulator::registerCmisCommands() {
    struct Range {
        int bank;
        int page;
        int offset;
    };
    const auto address = [](const ScpiContext& c) {
        return Range{integerParam(c, 0, "bank", 0, CmisModule::kBanks - 1), integerParam(c, 1, "page", 0, 255),
                     integerParam(c, 2, "offset", 0, kAddressSpace - 1)};
    };
    const auto checkEnd = [](int offset, int length) {
        if (offset + length > kAddressSpace)
            throw ScpiError(kDataOutOfRange, "offset + length " + std::to_string(offset + length) + " > " +
                                                 std::to_string(kAddressSpace));
    };
    const auto checkWrite = [checkEnd](int offset, std::size_t size) {
        if (size == 0)
            throw ScpiError(kDataOutOfRange, "length 0 < 1");
        if (size > kMaxTransferBytes)
            throw ScpiError(kTooMuchData, "length " + std::to_string(size) + " > " + std::to_string(kMaxTransferBytes));
        const int end = offset + static_cast<int>(size);
        checkEnd(offset, static_cast<int>(size));
        if (offset < kUpperBase && end > kUpperBase)
            throw ScpiError(kSettingsConflict, "CMIS:WRIT mixes bytes 126-127 with the upper page");
    };
    addCommand("CMIS:READ?", 4, 4, [this, address, checkEnd](ScpiContext& c) {
        const Range at = address(c);
        const int length = integerParam(c, 3, "length", 1, kMaxTransferBytes);
        checkEnd(at.offset, length);
        const std::vector<std::uint8_t> bytes = readRegisters(at.bank, at.page, at.offset, length);
        c.reply(formatBlock(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size())));
    });
    addCommand("CMIS:WRITe", 4, 4, [this, address, checkWrite](ScpiContext& c) {
        const Range at = address(c);
        if (c.rawParam(3).starts_with("#0"))
            throw ScpiError(kInvalidBlockData, "indefinite blocks are not accepted");
        const std::string block = c.block(3);
        checkWrite(at.offset, block.size());
        const std::vector<std::uint8_t> bytes(block.begin(), block.end());
        writeRegisters(at.bank, at.page, at.offset, bytes);
    });
    addCommand("CMIS:BYTE?", 3, 3, [this, address](ScpiContext& c) {
        const Range at = address(c);
        c.reply(formatNr1(readRegister(at.bank, at.page, at.offset)));
    });
    addCommand("CMIS:BYTE", 4, 4, [this, address](ScpiContext& c) {
        const Range at = address(c);
        const auto value = static_cast<std::uint8_t>(integerParam(c, 3, "value", 0, 255));
        writeRegisters(at.bank, at.page, at.offset, std::span<const std::uint8_t>(&value, 1));
    });
}

std::span<const std::string_view> fixtureSimulatorModels() {
    return kModelKeys;
}

std::shared_ptr<LineDevice> makeFixtureSimulator(std::string_view model, const SimContext& context) {
    if (!equalsIgnoreCase(model, kModelKey))
        throw std::invalid_argument("no fixture simulator for the model '" + std::string(model) + "' (known: XPO-HB1)");
    return std::make_shared<FixtureSimulator>(context);
}

} // namespace optiqual::instruments::sim
