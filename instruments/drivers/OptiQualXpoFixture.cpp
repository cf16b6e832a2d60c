#include "instruments/drivers/OptiQualXpoFixture.h"

#include "instruments/Framing.h"
#include "instruments/ScpiChannelList.h"
#include "instruments/ScpiNumber.h"
#include "instruments/drivers/CmisDecoding.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace optiqual::instruments {
namespace asio = boost::asio;
namespace {

constexpr std::string_view kModelKey = "XPO-HB1";
constexpr std::array<std::string_view, 1> kModelKeys{kModelKey};

constexpr int kBanks = 8;
constexpr int kMaxTransfer = 128;
constexpr int kAddressSpace = 256;
constexpr int kUpperBase = 128;
constexpr int kMaxPatternId = 15;

/// `FIXT:MOD:STAT?` replies (guide §6) and what they mean here.
struct StateWord {
    std::string_view word;
    ModuleState state;
};
constexpr std::array<StateWord, 9> kStates{{
    {"ABSENT", ModuleState::Absent},
    {"OFF", ModuleState::Unpowered},
    {"RESET", ModuleState::Reset},
    {"INIT", ModuleState::Initializing},
    {"LOWP", ModuleState::LowPower},
    {"PUP", ModuleState::PoweringUp},
    {"READY", ModuleState::Ready},
    {"PDOWN", ModuleState::PoweringDown},
    {"FAULT", ModuleState::Fault},
}};

bool sameText(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
    });
}

std::string onOff(bool on) {
    return on ? "ON" : "OFF";
}
std::string sideWord(PrbsSide side) {
    return side == PrbsSide::Host ? "HOST" : "MED";
}

std::string address(int bank, int page, int offset) {
    return std::to_string(bank) + "," + std::to_string(page) + "," + std::to_string(offset);
}

std::size_t expectedCount(const std::vector<int>& lanes) {
    return lanes.empty() ? static_cast<std::size_t>(OptiQualXpoFixture::kLanes) : lanes.size();
}

} // namespace

OptiQualXpoFixture::OptiQualXpoFixture(std::unique_ptr<ScpiSession> session, std::string_view model)
    : ModuleFixture(std::string(model), std::move(session)) {
    if (!sameText(model, kModelKey))
        reject("", "the XPO fixture driver does not know the model '" + std::string(model) + "' (known: XPO-HB1)");
}

std::optional<ModuleState> OptiQualXpoFixture::parseState(std::string_view reply) {
    while (!reply.empty() && std::isspace(static_cast<unsigned char>(reply.back())))
        reply.remove_suffix(1);
    for (const StateWord& entry : kStates)
        if (sameText(entry.word, reply))
            return entry.state;
    return std::nullopt;
}

std::string_view OptiQualXpoFixture::stateWord(ModuleState state) {
    for (const StateWord& entry : kStates)
        if (entry.state == state)
            return entry.word;
    return "FAULT"; // every enumerator is in the table
}

std::string OptiQualXpoFixture::withLanes(std::string head, const std::vector<int>& lanes) {
    if (lanes.empty())
        return head;
    // A query's first parameter follows a space, later ones a comma.
    head += head.find(' ') == std::string::npos ? ' ' : ',';
    return head + formatScpiChannelList(lanes);
}

void OptiQualXpoFixture::checkAddress(std::string_view command, int bank, int page, int offset, int length) const {
    if (bank < 0 || bank >= kBanks)
        reject(command, "bank " + std::to_string(bank) + " is outside 0-7");
    if (page < 0 || page > 255)
        reject(command, "page " + std::to_string(page) + " is outside 0-255");
    if (offset < 0 || offset >= kAddressSpace)
        reject(command, "offset " + std::to_string(offset) + " is outside 0-255");
    if (length < 1 || length > kMaxTransfer)
        reject(command, "length " + std::to_string(length) + " is outside 1-128 bytes");
    if (offset + length > kAddressSpace)
        reject(command, "offset + length " + std::to_string(offset + length) + " is past byte 255");
}

void OptiQualXpoFixture::checkLanes(std::string_view command, const std::vector<int>& lanes) const {
    if (lanes.size() > static_cast<std::size_t>(kLanes))
        reject(command, std::to_string(lanes.size()) + " lanes in one list, more than the module's 64");
    for (const int lane : lanes)
        if (lane < 1 || lane > kLanes)
            reject(command, "lane " + std::to_string(lane) + " is outside 1-64");
}

void OptiQualXpoFixture::protocolError(const std::string& command, const std::string& why) {
    throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")", command, why);
}

template <typename T> asio::awaitable<T> OptiQualXpoFixture::answered(std::string command, asio::awaitable<T> query) {
    std::optional<InstrumentError> timeout;
    try {
        co_return co_await std::move(query);
    } catch (const InstrumentError& e) {
        if (e.kind() != InstrumentErrorKind::Timeout || !session().checked() || !session().options().hasErrorQueue)
            throw;
        timeout = e;
    }
    // The board puts a failed query's error in its queue and sends nothing: name that error, not the timeout.
    co_await session().checkErrors(command);
    throw *timeout;
}

asio::awaitable<double> OptiQualXpoFixture::queryNumber(std::string command) {
    co_return co_await answered(command, session().queryDouble(command));
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::queryLaneValues(std::string command,
                                                                         const std::vector<int>& lanes) {
    checkLanes(command, lanes);
    std::vector<double> values = co_await answered(command, session().queryDoubleList(command));
    if (values.size() != expectedCount(lanes))
        protocolError(command, std::to_string(values.size()) + " values, not one per lane (" +
                                   std::to_string(expectedCount(lanes)) + ")");
    co_return values;
}

// --- Socket -----------------------------------------------------------------------------------------------------

asio::awaitable<bool> OptiQualXpoFixture::modulePresent() {
    co_return co_await session().queryBool("FIXT:MOD:PRES?");
}

asio::awaitable<void> OptiQualXpoFixture::setModulePower(bool on) {
    co_await session().write("FIXT:MOD:POW " + onOff(on));
}

asio::awaitable<bool> OptiQualXpoFixture::modulePower() {
    co_return co_await session().queryBool("FIXT:MOD:POW?");
}

asio::awaitable<void> OptiQualXpoFixture::setReset(bool asserted) {
    co_await session().write("FIXT:MOD:RES " + onOff(asserted));
}

asio::awaitable<void> OptiQualXpoFixture::setLowPowerMode(bool on) {
    co_await session().write("FIXT:MOD:LPM " + onOff(on));
}

asio::awaitable<ModuleState> OptiQualXpoFixture::moduleState() {
    const std::string command = "FIXT:MOD:STAT?";
    const std::string reply = co_await session().query(command);
    const std::optional<ModuleState> state = parseState(reply);
    if (!state)
        protocolError(command, "'" + reply + "' is not a module state");
    co_return *state;
}

asio::awaitable<double> OptiQualXpoFixture::stateEntryTime(ModuleState state) {
    co_return co_await queryNumber("FIXT:MOD:STAT:TIME? " + std::string(stateWord(state)));
}

// --- Input sense ------------------------------------------------------------------------------------------------

asio::awaitable<double> OptiQualXpoFixture::measureInputVoltage() {
    co_return co_await queryNumber("FIXT:MOD:MEAS:VOLT?");
}

asio::awaitable<double> OptiQualXpoFixture::measureInputCurrent() {
    co_return co_await queryNumber("FIXT:MOD:MEAS:CURR?");
}

asio::awaitable<double> OptiQualXpoFixture::measureInputPower() {
    co_return co_await queryNumber("FIXT:MOD:MEAS:POW?");
}

asio::awaitable<double> OptiQualXpoFixture::inrushPeakCurrent() {
    co_return co_await queryNumber("FIXT:MOD:MEAS:CURR:PEAK?");
}

// --- CMIS registers ---------------------------------------------------------------------------------------------

asio::awaitable<std::vector<std::uint8_t>> OptiQualXpoFixture::readCmis(int bank, int page, int offset, int length) {
    std::string command = "CMIS:READ? " + address(bank, page, offset) + "," + std::to_string(length);
    checkAddress(command, bank, page, offset, length);
    const std::string block = co_await answered(command, session().queryBlock(command));
    if (block.size() != static_cast<std::size_t>(length))
        protocolError(command,
                      "the block holds " + std::to_string(block.size()) + " bytes, not " + std::to_string(length));
    co_return std::vector<std::uint8_t>(block.begin(), block.end());
}

asio::awaitable<void> OptiQualXpoFixture::writeCmis(int bank, int page, int offset,
                                                    const std::vector<std::uint8_t>& bytes) {
    const std::string payload(bytes.begin(), bytes.end());
    std::string command = "CMIS:WRIT " + address(bank, page, offset) + "," + formatDefiniteBlock(payload);
    const int length = static_cast<int>(bytes.size());
    checkAddress(command, bank, page, offset, length);
    if (offset < kUpperBase && offset + length > kUpperBase)
        reject(command, "a write may not mix bytes 126-127 (bank and page select) with the upper page");
    co_await session().write(std::move(command));
}

// --- Identity and advertising -----------------------------------------------------------------------------------

asio::awaitable<std::string> OptiQualXpoFixture::readText(int offset) {
    const auto field = co_await readCmis(0, cmis::kPageAdvertising, offset, cmis::kTextLength);
    co_return cmis::decodeText(field);
}

asio::awaitable<std::string> OptiQualXpoFixture::vendorName() {
    co_return co_await readText(cmis::kVendorName);
}

asio::awaitable<std::string> OptiQualXpoFixture::vendorPartNumber() {
    co_return co_await readText(cmis::kPartNumber);
}

asio::awaitable<std::string> OptiQualXpoFixture::vendorSerialNumber() {
    co_return co_await readText(cmis::kSerialNumber);
}

asio::awaitable<std::string> OptiQualXpoFixture::firmwareVersion() {
    const auto bytes = co_await readCmis(0, 0, cmis::kActiveFirmware, 2);
    co_return cmis::firmwareVersion(bytes[0], bytes[1]);
}

asio::awaitable<bool> OptiQualXpoFixture::eepromChecksumValid() {
    // One read of 128–222: the covered bytes and the checksum itself.
    const auto bytes =
        co_await readCmis(0, cmis::kPageAdvertising, cmis::kChecksumFirst, cmis::kChecksum - cmis::kChecksumFirst + 1);
    const std::span<const std::uint8_t> covered(bytes.data(), bytes.size() - 1);
    co_return cmis::checksum(covered) == bytes.back();
}

asio::awaitable<double> OptiQualXpoFixture::advertisedDuration(int offset, std::string_view what) {
    const auto bytes = co_await readCmis(0, cmis::kPageTiming, offset, 1);
    const auto code = static_cast<std::uint8_t>(bytes[0] & 0x0FU);
    const std::optional<double> seconds = cmis::durationUpperSeconds(code);
    if (!seconds)
        protocolError("CMIS:READ? " + address(0, cmis::kPageTiming, offset) + ",1",
                      std::string(what) + " duration code " + std::to_string(code) + " is reserved");
    co_return *seconds;
}

asio::awaitable<double> OptiQualXpoFixture::advertisedPowerUpTime() {
    co_return co_await advertisedDuration(cmis::kModuleDurations, "ModulePwrUp");
}

asio::awaitable<double> OptiQualXpoFixture::advertisedDataPathInitTime() {
    co_return co_await advertisedDuration(cmis::kDataPathDurations, "DataPathInit");
}

// --- Monitors ---------------------------------------------------------------------------------------------------

asio::awaitable<double> OptiQualXpoFixture::ddmTemperature() {
    co_return co_await queryNumber("DDM:TEMP?");
}

asio::awaitable<double> OptiQualXpoFixture::ddmSupplyVoltage() {
    co_return co_await queryNumber("DDM:VCC?");
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::ddmTxPower(std::vector<int> lanes) {
    std::vector<double> dbm = co_await queryLaneValues(withLanes("DDM:TXP?", lanes), lanes);
    // The board answers −9.9E37 for a monitor reading 0 µW; the session reads it as NaN, which here means −∞.
    for (double& value : dbm)
        if (std::isnan(value))
            value = -std::numeric_limits<double>::infinity();
    co_return dbm;
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::ddmBias(std::vector<int> lanes) {
    co_return co_await queryLaneValues(withLanes("DDM:BIAS?", lanes), lanes);
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::ddmRxPower(std::vector<int> lanes) {
    std::vector<double> dbm = co_await queryLaneValues(withLanes("DDM:RXP?", lanes), lanes);
    for (double& value : dbm)
        if (std::isnan(value))
            value = -std::numeric_limits<double>::infinity();
    co_return dbm;
}

asio::awaitable<std::vector<bool>> OptiQualXpoFixture::rxLossOfSignal(std::vector<int> lanes) {
    const std::string command = withLanes("DDM:LOS?", lanes);
    const std::vector<double> flags = co_await queryLaneValues(command, lanes);
    std::vector<bool> los;
    for (const double flag : flags) {
        if (flag != 0.0 && flag != 1.0)
            protocolError(command, "a loss-of-signal flag must be 0 or 1");
        los.push_back(flag == 1.0);
    }
    co_return los;
}

// --- PRBS -------------------------------------------------------------------------------------------------------

asio::awaitable<void> OptiQualXpoFixture::startPrbs(PrbsSide side, int pattern) {
    co_await startPrbs(side, pattern, {});
}

asio::awaitable<void> OptiQualXpoFixture::startPrbs(PrbsSide side, int pattern, std::vector<int> lanes) {
    std::string command = withLanes("PRBS:STAR " + sideWord(side) + "," + std::to_string(pattern), lanes);
    if (pattern < 0 || pattern > kMaxPatternId)
        reject(command, "PRBS pattern ID " + std::to_string(pattern) + " is outside 0-15");
    checkLanes(command, lanes);
    co_await session().write(std::move(command));
}

asio::awaitable<void> OptiQualXpoFixture::stopPrbs(PrbsSide side) {
    co_await stopPrbs(side, {});
}

asio::awaitable<void> OptiQualXpoFixture::stopPrbs(PrbsSide side, std::vector<int> lanes) {
    std::string command = withLanes("PRBS:STOP " + sideWord(side), lanes);
    checkLanes(command, lanes);
    co_await session().write(std::move(command));
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::readBer(PrbsSide side) {
    co_return co_await readBer(side, {});
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::readBer(PrbsSide side, std::vector<int> lanes) {
    co_return co_await queryLaneValues(withLanes("PRBS:BER? " + sideWord(side), lanes), lanes);
}

asio::awaitable<void> OptiQualXpoFixture::safeState() {
    // One message, so no command can slip in between power-off and reset; LPM ON is what *RST leaves too.
    co_await session().write("FIXT:MOD:POW OFF;RES ON;LPM ON");
}

std::span<const std::string_view> optiQualFixtureModels() {
    return kModelKeys;
}

std::unique_ptr<Instrument> makeOptiQualFixture(std::string_view model, std::unique_ptr<ScpiSession> session) {
    return std::make_unique<OptiQualXpoFixture>(std::move(session), model);
}

} // namespace optiqual::instruments
