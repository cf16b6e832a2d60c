// FixtureSimulator's convenience commands over the module's registers: PRBS (pages 13h/14h) and DDM (lower page,
// pages 01h and 11h, including the Rx LOS flags), docs/fixture.md §8 and §9. Every value goes through
// CmisModule::read()/write(), as the board's firmware goes through the management interface, so the registers and these
// commands can never disagree.
#include "instruments/sim/devices/FixtureErrors.h"
#include "instruments/sim/devices/FixtureSimulator.h"
#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"
#include "instruments/sim/world/CmisF16.h"
#include "instruments/sim/world/CmisRegisters.h"

#include <cmath>
#include <limits>
#include <map>

namespace optiqual::instruments::sim {
namespace {

using namespace fixture;

constexpr int kLanesPerBank = CmisModule::kLanesPerBank;
constexpr int kMonitorBytes = 2 * kLanesPerBank; // one u16 per lane of a bank
constexpr int kPatternBytes = kLanesPerBank / 2; // one nibble per lane

/// The page 13h/14h registers of one side (appendix A).
struct SideRegisters {
    int generatorEnable;
    int generatorPattern;
    int checkerEnable;
    int checkerPattern;
    int supportedGenerators; ///< u16 bitmap, low byte first
    int supportedCheckers;
    int ber;
};

constexpr SideRegisters kHostSide{cmis::kHostGeneratorEnable,
                                  cmis::kHostGeneratorPattern,
                                  cmis::kHostCheckerEnable,
                                  cmis::kHostCheckerPattern,
                                  cmis::kSupportedPatterns,
                                  cmis::kSupportedPatterns + 4,
                                  cmis::kHostBer};
constexpr SideRegisters kMediaSide{cmis::kMediaGeneratorEnable,
                                   cmis::kMediaGeneratorPattern,
                                   cmis::kMediaCheckerEnable,
                                   cmis::kMediaCheckerPattern,
                                   cmis::kSupportedPatterns + 2,
                                   cmis::kSupportedPatterns + 6,
                                   cmis::kMediaBer};

const SideRegisters& registersOf(bool host) {
    return host ? kHostSide : kMediaSide;
}

/// Pattern names in ID order (guide §2).
constexpr std::array<std::string_view, 13> kPatternNames{"PRBS31Q", "PRBS31",  "PRBS23Q", "PRBS23", "PRBS15Q",
                                                         "PRBS15",  "PRBS13Q", "PRBS13",  "PRBS9Q", "PRBS9",
                                                         "PRBS7Q",  "PRBS7",   "SSPRQ"};

bool hostSide(const ScpiContext& c, std::size_t index) {
    return c.enumeration(index, {"HOST", "MEDia"}) == "HOST";
}

int bankOf(int lane) {
    return (lane - 1) / kLanesPerBank;
}
int laneInBank(int lane) {
    return (lane - 1) % kLanesPerBank;
}

std::string joinNr3(const std::vector<double>& values) {
    std::string out;
    for (const double value : values) {
        if (!out.empty())
            out += ',';
        out += formatNr3(value);
    }
    return out;
}

double dbm(double milliWatts) {
    return milliWatts > 0 ? 10.0 * std::log10(milliWatts) : -std::numeric_limits<double>::infinity();
}

} // namespace

std::vector<int> FixtureSimulator::laneList(const ScpiContext& c, std::size_t index) {
    std::vector<int> lanes;
    if (c.paramCount() <= index) {
        for (int lane = 1; lane <= CmisModule::kLanes; ++lane)
            lanes.push_back(lane);
        return lanes;
    }
    lanes = c.channelList(index);
    if (lanes.size() > static_cast<std::size_t>(CmisModule::kLanes))
        throw ScpiError(kTooMuchData, std::to_string(lanes.size()) + " lanes > 64");
    if (lanes.empty())
        throw ScpiError(kDataOutOfRange, "empty lane list");
    for (const int lane : lanes)
        if (lane < 1 || lane > CmisModule::kLanes)
            throw ScpiError(kDataOutOfRange, "lane " + std::to_string(lane) + (lane < 1 ? " < 1" : " > 64"));
    return lanes;
}

FixtureSimulator::BankMasks FixtureSimulator::bankMasks(const std::vector<int>& lanes) {
    BankMasks masks{};
    for (const int lane : lanes)
        masks[static_cast<std::size_t>(bankOf(lane))] |= static_cast<std::uint8_t>(1U << laneInBank(lane));
    return masks;
}

int FixtureSimulator::patternParam(const ScpiContext& c, std::size_t index) {
    const std::string_view raw = c.rawParam(index);
    if (!raw.empty() && isAsciiAlpha(raw.front())) {
        for (std::size_t id = 0; id < kPatternNames.size(); ++id)
            if (equalsIgnoreCase(raw, kPatternNames[id]))
                return static_cast<int>(id);
        throw ScpiError(kIllegalParameterValue, "pattern " + std::string(raw));
    }
    return integerParam(c, index, "pattern", 0, 15);
}

void FixtureSimulator::startPrbs(bool host, int pattern, const std::vector<int>& lanes) {
    readyModule();
    const SideRegisters& side = registersOf(host);
    const BankMasks masks = bankMasks(lanes);
    // The advertised patterns (13h 132–139) are checked before anything changes.
    const int firstBank = bankOf(lanes.front());
    const std::vector<std::uint8_t> support =
        readRegisters(firstBank, cmis::kPageDiagnosticsControl, cmis::kSupportedPatterns, 8);
    const auto bitmap = [&support](int offset) {
        const auto at = static_cast<std::size_t>(offset - cmis::kSupportedPatterns);
        return static_cast<unsigned>(support[at]) | static_cast<unsigned>(support[at + 1]) << 8;
    };
    const unsigned bit = 1U << pattern;
    if ((bitmap(side.supportedGenerators) & bit) == 0 || (bitmap(side.supportedCheckers) & bit) == 0)
        throw ScpiError(kPatternNotSupported, kPatternNotSupportedText);

    for (int bank = 0; bank < CmisModule::kBanks; ++bank) {
        const std::uint8_t mask = masks[static_cast<std::size_t>(bank)];
        if (mask == 0)
            continue;
        for (const int offset : {side.generatorPattern, side.checkerPattern}) {
            std::vector<std::uint8_t> nibbles =
                readRegisters(bank, cmis::kPageDiagnosticsControl, offset, kPatternBytes);
            for (int lane = 0; lane < kLanesPerBank; ++lane) {
                if ((mask & (1U << lane)) == 0)
                    continue;
                const int shift = (lane % 2) * 4;
                auto& byte = nibbles[static_cast<std::size_t>(lane / 2)];
                byte = static_cast<std::uint8_t>((byte & ~(0x0F << shift)) | (pattern << shift));
            }
            writeRegisters(bank, cmis::kPageDiagnosticsControl, offset, nibbles);
        }
        for (const int offset : {side.generatorEnable, side.checkerEnable}) {
            const auto enable =
                static_cast<std::uint8_t>(readRegister(bank, cmis::kPageDiagnosticsControl, offset) | mask);
            writeRegisters(bank, cmis::kPageDiagnosticsControl, offset, std::span<const std::uint8_t>(&enable, 1));
        }
        const std::uint8_t selector = cmis::kSelectorBer;
        writeRegisters(bank, cmis::kPageDiagnosticsResults, cmis::kDiagnosticsSelector,
                       std::span<const std::uint8_t>(&selector, 1));
    }
}

void FixtureSimulator::stopPrbs(bool host, const std::vector<int>& lanes) {
    readyModule();
    const SideRegisters& side = registersOf(host);
    const BankMasks masks = bankMasks(lanes);
    for (int bank = 0; bank < CmisModule::kBanks; ++bank) {
        const std::uint8_t mask = masks[static_cast<std::size_t>(bank)];
        if (mask == 0)
            continue;
        for (const int offset : {side.generatorEnable, side.checkerEnable}) {
            const auto enable =
                static_cast<std::uint8_t>(readRegister(bank, cmis::kPageDiagnosticsControl, offset) & ~mask);
            writeRegisters(bank, cmis::kPageDiagnosticsControl, offset, std::span<const std::uint8_t>(&enable, 1));
        }
    }
}

std::string FixtureSimulator::berList(bool host, const std::vector<int>& lanes) {
    readyModule();
    const SideRegisters& side = registersOf(host);
    struct BankResults {
        std::uint8_t enabled;
        std::vector<std::uint8_t> ber;
    };
    std::map<int, BankResults> banks; // each bank read once, in the order the list first names it
    std::vector<double> values;
    for (const int lane : lanes) {
        const int bank = bankOf(lane);
        auto found = banks.find(bank);
        if (found == banks.end()) {
            BankResults results{readRegister(bank, cmis::kPageDiagnosticsControl, side.checkerEnable),
                                readRegisters(bank, cmis::kPageDiagnosticsResults, side.ber, kMonitorBytes)};
            found = banks.emplace(bank, std::move(results)).first;
        }
        const int index = laneInBank(lane);
        if ((found->second.enabled & (1U << index)) == 0) {
            values.push_back(std::numeric_limits<double>::quiet_NaN()); // `+9.91000000E+37`
            continue;
        }
        const auto at = static_cast<std::size_t>(2 * index);
        const auto raw = static_cast<std::uint16_t>(found->second.ber[at] << 8 | found->second.ber[at + 1]);
        values.push_back(decodeCmisF16(raw));
    }
    return joinNr3(values);
}

std::string FixtureSimulator::lossOfSignalList(const std::vector<int>& lanes) {
    // Byte 147 is a latched flag (clear on read): the first read empties what latched before, and the module
    // latches the flag again at once for every lane whose loss of signal persists, so the second read is the
    // present state — what a test of LOS assert and deassert needs.
    std::map<int, std::uint8_t> banks;
    std::string out;
    for (const int lane : lanes) {
        const int bank = bankOf(lane);
        auto found = banks.find(bank);
        if (found == banks.end()) {
            (void)readRegister(bank, cmis::kPageLaneStatus, cmis::kRxLosFlags);
            found = banks.emplace(bank, readRegister(bank, cmis::kPageLaneStatus, cmis::kRxLosFlags)).first;
        }
        if (!out.empty())
            out += ',';
        out += (found->second & (1U << laneInBank(lane))) != 0 ? '1' : '0';
    }
    return out;
}

std::vector<double> FixtureSimulator::laneMonitors(int firstOffset, const std::vector<int>& lanes) {
    std::map<int, std::vector<std::uint8_t>> banks;
    std::vector<double> raw;
    for (const int lane : lanes) {
        const int bank = bankOf(lane);
        auto found = banks.find(bank);
        if (found == banks.end())
            found = banks.emplace(bank, readRegisters(bank, cmis::kPageLaneStatus, firstOffset, kMonitorBytes)).first;
        const auto at = static_cast<std::size_t>(2 * laneInBank(lane));
        raw.push_back(static_cast<double>(found->second[at] << 8 | found->second[at + 1]));
    }
    return raw;
}

void FixtureSimulator::registerPrbsCommands() {
    addCommand("PRBS:STARt", 2, 3, [this](ScpiContext& c) {
        const bool host = hostSide(c, 0);
        const int pattern = patternParam(c, 1);
        startPrbs(host, pattern, laneList(c, 2));
    });
    addCommand("PRBS:STOP", 1, 2, [this](ScpiContext& c) {
        const bool host = hostSide(c, 0);
        stopPrbs(host, laneList(c, 1));
    });
    addCommand("PRBS:BER?", 1, 2, [this](ScpiContext& c) {
        const bool host = hostSide(c, 0);
        c.reply(berList(host, laneList(c, 1)));
    });
}

void FixtureSimulator::registerDdmCommands() {
    addCommand("DDM:TEMPerature?", 0, 0, [this](ScpiContext& c) {
        const auto bytes = readRegisters(0, 0, cmis::kTemperature, 2);
        const auto raw = static_cast<std::int16_t>(static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]));
        c.reply(formatNr3(raw / cmis::kTemperatureScale));
    });
    addCommand("DDM:VCC?", 0, 0, [this](ScpiContext& c) {
        const auto bytes = readRegisters(0, 0, cmis::kVcc, 2);
        c.reply(formatNr3(static_cast<double>(bytes[0] << 8 | bytes[1]) * cmis::kVccUnitVolts));
    });
    const auto opticalPower = [this](std::string_view pattern, int firstOffset) {
        addCommand(pattern, 0, 1, [this, firstOffset](ScpiContext& c) {
            std::vector<double> values = laneMonitors(firstOffset, laneList(c, 0));
            for (double& value : values)
                value = dbm(value * cmis::kPowerUnitMilliWatt);
            c.reply(joinNr3(values));
        });
    };
    opticalPower("DDM:TXPower?", cmis::kTxPowerMonitors);
    opticalPower("DDM:RXPower?", cmis::kRxPowerMonitors);
    addCommand("DDM:LOS?", 0, 1, [this](ScpiContext& c) { c.reply(lossOfSignalList(laneList(c, 0))); });
    addCommand("DDM:BIAS?", 0, 1, [this](ScpiContext& c) {
        const std::vector<int> lanes = laneList(c, 0);
        // Page 01h byte 160 bits 4–3: the bias monitor's multiplier (0 → ×1, 1 → ×2, 2 → ×4).
        const int code = (readRegister(0, cmis::kPageAdvertising2, cmis::kLaneMonitorsSupported) >> 3) & 0x03;
        const double amps = cmis::kBiasUnitMilliAmp * 1e-3 * static_cast<double>(1 << code);
        std::vector<double> values = laneMonitors(cmis::kBiasMonitors, lanes);
        for (double& value : values)
            value *= amps;
        c.reply(joinNr3(values));
    });
}

} // namespace optiqual::instruments::sim
