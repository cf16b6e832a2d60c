#include "instruments/drivers/OptiQualCpoBoard.h"

#include "instruments/ScpiChannelList.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace optiqual::instruments {
namespace asio = boost::asio;
namespace {

constexpr std::string_view kModelKey = "CPO-HB1";
constexpr std::array<std::string_view, 1> kModelKeys{kModelKey};
constexpr int kMaxPattern = 12;

bool sameText(std::string_view a, std::string_view b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::toupper(static_cast<unsigned char>(x)) == std::toupper(static_cast<unsigned char>(y));
    });
}

std::string onOff(bool on) {
    return on ? "ON" : "OFF";
}

std::string trimmed(std::string text) {
    while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == '"'))
        text.pop_back();
    const auto first = text.find_first_not_of(" \"");
    return first == std::string::npos ? std::string{} : text.substr(first);
}

} // namespace

OptiQualCpoBoard::OptiQualCpoBoard(std::unique_ptr<ScpiSession> session, std::string_view model)
    : EngineBoard(std::string(model), std::move(session)) {
    if (!sameText(model, kModelKey))
        reject("", "the CPO board driver does not know the model '" + std::string(model) + "' (known: CPO-HB1)");
}

std::string OptiQualCpoBoard::withList(std::string head, const std::vector<int>& items, int count) const {
    if (items.size() > static_cast<std::size_t>(count))
        reject(head, std::to_string(items.size()) + " items in one list, more than " + std::to_string(count));
    for (const int item : items)
        if (item < 1 || item > count)
            reject(head, std::to_string(item) + " is outside 1-" + std::to_string(count));
    if (items.empty())
        return head;
    head += head.find(' ') == std::string::npos ? ' ' : ',';
    return head + formatScpiChannelList(items);
}

template <typename T> asio::awaitable<T> OptiQualCpoBoard::answered(std::string command, asio::awaitable<T> query) {
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

asio::awaitable<std::vector<double>> OptiQualCpoBoard::queryList(std::string head, const std::vector<int>& items,
                                                                 int count) {
    const std::string command = withList(std::move(head), items, count);
    std::vector<double> values = co_await answered(command, session().queryDoubleList(command));
    const std::size_t expected = items.empty() ? static_cast<std::size_t>(count) : items.size();
    if (values.size() != expected)
        throw InstrumentError(InstrumentErrorKind::Protocol, name() + " (" + session().resource() + ")", command,
                              std::to_string(values.size()) + " values, not " + std::to_string(expected));
    co_return values;
}

asio::awaitable<std::string> OptiQualCpoBoard::queryText(std::string command) {
    co_return trimmed(co_await answered(command, session().query(command)));
}

// --- Engine ---------------------------------------------------------------------------------------------------------

asio::awaitable<bool> OptiQualCpoBoard::enginePresent() {
    co_return co_await session().queryBool("ENG:PRES?");
}

asio::awaitable<void> OptiQualCpoBoard::setEngineEnabled(bool on) {
    co_await session().write("ENG:ENAB " + onOff(on));
}

asio::awaitable<std::string> OptiQualCpoBoard::engineState() {
    std::string word = co_await queryText("ENG:STAT?");
    std::transform(word.begin(), word.end(), word.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    co_return word;
}

asio::awaitable<double> OptiQualCpoBoard::engineTemperature() {
    co_return co_await answered("ENG:TEMP?", session().queryDouble("ENG:TEMP?"));
}

asio::awaitable<void> OptiQualCpoBoard::tuneRings(std::vector<int> channels) {
    co_await session().write(withList("RING:TUNE", channels, kChannels));
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::ringLocked(std::vector<int> channels) {
    co_return co_await queryList("RING:LOCK?", channels, kChannels);
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::heaterPower(std::vector<int> channels) {
    co_return co_await queryList("RING:HEAT?", channels, kChannels);
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::photocurrent(std::vector<int> channels) {
    co_return co_await queryList("RX:PCUR?", channels, kChannels);
}

asio::awaitable<void> OptiQualCpoBoard::startPrbs(int pattern, std::vector<int> channels) {
    if (pattern < 0 || pattern > kMaxPattern)
        reject("PRBS:STAR", "pattern " + std::to_string(pattern) + " is outside 0-12");
    co_await session().write(withList("PRBS:STAR " + std::to_string(pattern), channels, kChannels));
}

asio::awaitable<void> OptiQualCpoBoard::stopPrbs(std::vector<int> channels) {
    co_await session().write(withList("PRBS:STOP", channels, kChannels));
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::readBer(std::vector<int> channels) {
    co_return co_await queryList("PRBS:BER?", channels, kChannels);
}

// --- ELSFP ----------------------------------------------------------------------------------------------------------

asio::awaitable<bool> OptiQualCpoBoard::elsfpPresent() {
    co_return co_await session().queryBool("ELS:PRES?");
}

asio::awaitable<bool> OptiQualCpoBoard::interlockClosed() {
    co_return co_await session().queryBool("ELS:INT?");
}

asio::awaitable<std::string> OptiQualCpoBoard::elsfpVendor() {
    co_return co_await queryText("ELS:VEND?");
}

asio::awaitable<std::string> OptiQualCpoBoard::elsfpPartNumber() {
    co_return co_await queryText("ELS:PNUM?");
}

asio::awaitable<std::string> OptiQualCpoBoard::elsfpSerialNumber() {
    co_return co_await queryText("ELS:SNUM?");
}

asio::awaitable<void> OptiQualCpoBoard::setLasersEnabled(bool on, std::vector<int> lasers) {
    co_await session().write(withList("ELS:LAS:ENAB " + onOff(on), lasers, kLasers));
}

asio::awaitable<void> OptiQualCpoBoard::setFibreChecked(bool checked, std::vector<int> lasers) {
    co_await session().write(withList("ELS:LAS:CHEC " + onOff(checked), lasers, kLasers));
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::laserState(std::vector<int> lasers) {
    co_return co_await queryList("ELS:LAS:STAT?", lasers, kLasers);
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::laserFault(std::vector<int> lasers) {
    co_return co_await queryList("ELS:LAS:FAUL?", lasers, kLasers);
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::laserPower(std::vector<int> lasers) {
    co_return co_await queryList("ELS:POW?", lasers, kLasers);
}

asio::awaitable<std::vector<double>> OptiQualCpoBoard::laserBias(std::vector<int> lasers) {
    co_return co_await queryList("ELS:BIAS?", lasers, kLasers);
}

std::span<const std::string_view> optiQualCpoBoardModels() {
    return kModelKeys;
}

std::unique_ptr<Instrument> makeOptiQualCpoBoard(std::string_view model, std::unique_ptr<ScpiSession> session) {
    return std::make_unique<OptiQualCpoBoard>(std::move(session), model);
}

} // namespace optiqual::instruments
