#include "instruments/drivers/OptiQualXpoFixture.h"

#include "instruments/Framing.h"

#include <algorithm>
#include <array>
#include <cctype>
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

void OptiQualXpoFixture::protocolError(const std::string& command, const std::string& why) {
    throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")", command, why);
}

asio::awaitable<void> OptiQualXpoFixture::reportUnansweredQuery(const std::string& command) {
    // The board puts a failed query's error in its queue and sends nothing: name that error, not the timeout.
    co_await session().checkErrors(command);
}

asio::awaitable<std::string> OptiQualXpoFixture::queryBlockChecked(std::string command) {
    std::optional<InstrumentError> timeout;
    try {
        co_return co_await session().queryBlock(command);
    } catch (const InstrumentError& e) {
        if (e.kind() != InstrumentErrorKind::Timeout || !session().checked() || !session().options().hasErrorQueue)
            throw;
        timeout = e;
    }
    co_await reportUnansweredQuery(command);
    throw *timeout;
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::queryListChecked(std::string command) {
    std::optional<InstrumentError> timeout;
    try {
        co_return co_await session().queryDoubleList(command);
    } catch (const InstrumentError& e) {
        if (e.kind() != InstrumentErrorKind::Timeout || !session().checked() || !session().options().hasErrorQueue)
            throw;
        timeout = e;
    }
    co_await reportUnansweredQuery(command);
    throw *timeout;
}

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

asio::awaitable<std::vector<std::uint8_t>> OptiQualXpoFixture::readCmis(int bank, int page, int offset, int length) {
    std::string command = "CMIS:READ? " + address(bank, page, offset) + "," + std::to_string(length);
    checkAddress(command, bank, page, offset, length);
    const std::string block = co_await queryBlockChecked(command);
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

asio::awaitable<void> OptiQualXpoFixture::startPrbs(PrbsSide side, int pattern) {
    std::string command = "PRBS:STAR " + sideWord(side) + "," + std::to_string(pattern);
    if (pattern < 0 || pattern > kMaxPatternId)
        reject(command, "PRBS pattern ID " + std::to_string(pattern) + " is outside 0-15");
    co_await session().write(std::move(command));
}

asio::awaitable<void> OptiQualXpoFixture::stopPrbs(PrbsSide side) {
    co_await session().write("PRBS:STOP " + sideWord(side));
}

asio::awaitable<std::vector<double>> OptiQualXpoFixture::readBer(PrbsSide side) {
    const std::string command = "PRBS:BER? " + sideWord(side);
    std::vector<double> ber = co_await queryListChecked(command);
    if (ber.size() != static_cast<std::size_t>(kLanes))
        protocolError(command, std::to_string(ber.size()) + " values, not one per lane (64)");
    co_return ber;
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
