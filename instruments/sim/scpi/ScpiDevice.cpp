#include "instruments/sim/scpi/ScpiDevice.h"

#include "instruments/sim/scpi/ScpiError.h"
#include "instruments/sim/scpi/ScpiFormat.h"
#include "instruments/sim/scpi/ScpiText.h"

#include <cmath>
#include <exception>
#include <utility>

namespace optiqual::instruments::sim {
namespace {

constexpr int kInvalidCharacter = -101;
constexpr int kSyntaxError = -102;
constexpr int kInvalidSeparator = -103;
constexpr int kParameterNotAllowed = -108;
constexpr int kMissingParameter = -109;
constexpr int kUndefinedHeader = -113;
constexpr int kDeviceSpecificError = -300;

constexpr int kEsrOperationComplete = 1 << 0;
constexpr int kStbErrorQueue = 1 << 2;
constexpr int kStbEventSummary = 1 << 5;
constexpr int kStbServiceRequest = 1 << 6;
constexpr int kStbSimulatorBits = 0x8B; // bits 0, 1, 3 (QUES) and 7 (OPER)

bool isCommandError(int code) {
    return code <= -100 && code >= -199;
}

struct ParameterExtent {
    std::size_t tokenEnd; ///< end of the parameter's text (trailing white space excluded, block bytes exact)
    std::size_t end;      ///< where scanning stopped: at ',' or ';' or the message end
};

/// Scans one parameter from @p pos (at its first non-blank character). Strings, channel lists and blocks may
/// contain ',' and ';'; a definite block is skipped by its length, never by its content. When the framing
/// cannot be trusted (unterminated string, bad or truncated block, unbalanced parenthesis) the parameter runs
/// to the end of the message and its decoder reports the error.
ParameterExtent scanParameter(std::string_view message, std::size_t pos) {
    const std::size_t n = message.size();
    std::size_t tokenEnd = pos;
    if (message[pos] == '#' && pos + 1 < n && isAsciiDigit(message[pos + 1])) {
        const auto lengthDigits = static_cast<std::size_t>(message[pos + 1] - '0');
        if (lengthDigits == 0 || pos + 2 + lengthDigits > n) {
            return {n, n}; // indefinite block: up to the terminator
        }
        std::size_t length = 0;
        for (std::size_t i = pos + 2; i < pos + 2 + lengthDigits; ++i) {
            if (!isAsciiDigit(message[i])) {
                return {n, n};
            }
            length = length * 10 + static_cast<std::size_t>(message[i] - '0');
        }
        pos += 2 + lengthDigits;
        if (length > n - pos) {
            return {n, n};
        }
        pos += length;
        tokenEnd = pos;
    }
    int depth = 0;
    while (pos < n) {
        const char c = message[pos];
        if (c == '"' || c == '\'') {
            ++pos;
            while (pos < n && !(message[pos] == c && (pos + 1 >= n || message[pos + 1] != c))) {
                pos += message[pos] == c ? 2 : 1; // a doubled quote stands for one
            }
            if (pos >= n) {
                return {n, n};
            }
            tokenEnd = ++pos;
            continue;
        }
        if (depth == 0 && (c == ',' || c == ';')) {
            break;
        }
        if (c == '(') {
            ++depth;
        } else if (c == ')' && depth > 0) {
            --depth;
        }
        ++pos;
        if (!isScpiWhitespace(c)) {
            tokenEnd = pos;
        }
    }
    return {tokenEnd, pos};
}

/// Splits the program message unit starting at @p pos into its header and parameters; returns the position
/// after the unit's ';' (or the message end). @p error receives -102 for an empty parameter.
std::size_t lexUnit(std::string_view message, std::size_t pos, std::string_view& header,
                    std::vector<std::string_view>& params, int& error) {
    const std::size_t n = message.size();
    params.clear();
    error = 0;
    while (pos < n && isScpiWhitespace(message[pos])) {
        ++pos;
    }
    const std::size_t headerStart = pos;
    while (pos < n && !isScpiWhitespace(message[pos]) && message[pos] != ';') {
        ++pos;
    }
    header = message.substr(headerStart, pos - headerStart);
    while (pos < n && isScpiWhitespace(message[pos])) {
        ++pos;
    }
    if (pos >= n) {
        return n;
    }
    if (message[pos] == ';') {
        return pos + 1;
    }
    while (true) {
        while (pos < n && isScpiWhitespace(message[pos])) {
            ++pos;
        }
        if (pos >= n || message[pos] == ',' || message[pos] == ';') {
            error = kSyntaxError; // "VOLT 5,", "VOLT ,5"
            return n;
        }
        const std::size_t start = pos;
        const ParameterExtent extent = scanParameter(message, pos);
        params.push_back(message.substr(start, extent.tokenEnd - start));
        pos = extent.end;
        if (pos < n && message[pos] == ',') {
            ++pos;
            continue;
        }
        return pos < n ? pos + 1 : n; // at ';' or the end
    }
}

/// Checks one typed header keyword (without ':' and '?'); returns 0 or the command error it makes.
int keywordError(std::string_view keyword) {
    if (keyword.empty()) {
        return kSyntaxError; // "VOLT::LEV", "VOLT:"
    }
    if (!isAsciiAlpha(keyword.front())) {
        return keyword.front() == ',' ? kInvalidSeparator : kInvalidCharacter;
    }
    for (char c : keyword) {
        if (!isAsciiAlpha(c) && !isAsciiDigit(c) && c != '_') {
            return c == ',' ? kInvalidSeparator : kInvalidCharacter;
        }
    }
    return 0;
}

} // namespace

ScpiDevice::ScpiDevice(std::string idn, ScpiDeviceOptions options)
    : m_idn(std::move(idn)), m_options(options), m_errors(options.errorQueueCapacity) {
    if (m_options.powerOnEvent) {
        m_esr = 1 << 7;
    }
    registerBuiltins();
}

void ScpiDevice::registerBuiltins() {
    const NumberSpec registerSpec{"", 0, 255, 0};
    addCommand("*IDN?", 0, 0, [this](ScpiContext& c) { c.reply(m_idn); });
    addCommand("*RST", 0, 0, [this](ScpiContext&) { reset(); });
    addCommand("*CLS", 0, 0, [this](ScpiContext&) {
        m_esr = 0;
        m_errors.clear();
        clearStatus();
    });
    addCommand("*OPC", 0, 0, [this](ScpiContext&) { setEventStatusBits(kEsrOperationComplete); });
    addCommand("*OPC?", 0, 0, [](ScpiContext& c) { c.reply("1"); });
    addCommand("*WAI", 0, 0, [](ScpiContext&) {});
    addCommand("*ESR?", 0, 0, [this](ScpiContext& c) {
        c.reply(nr1(m_esr));
        m_esr = 0;
    });
    addCommand("*ESE", 1, 1, [this, registerSpec](ScpiContext& c) {
        m_ese = static_cast<std::uint8_t>(std::lround(c.number(0, registerSpec)));
    });
    addCommand("*ESE?", 0, 0, [this](ScpiContext& c) { c.reply(nr1(m_ese)); });
    addCommand("*SRE", 1, 1, [this, registerSpec](ScpiContext& c) {
        // IEEE 488.2 11.3.2: bit 6 of the service request enable register cannot be set.
        m_sre = static_cast<std::uint8_t>(std::lround(c.number(0, registerSpec)) & ~kStbServiceRequest);
    });
    addCommand("*SRE?", 0, 0, [this](ScpiContext& c) { c.reply(nr1(m_sre)); });
    addCommand("*STB?", 0, 0, [this](ScpiContext& c) { c.reply(nr1(statusByte())); });
    addCommand("*TST?", 0, 0, [this](ScpiContext& c) { c.reply(nr1(selfTest())); });
    addCommand("SYSTem:ERRor[:NEXT]?", 0, 0, [this](ScpiContext& c) { c.reply(formatEntry(m_errors.pop())); });
    addCommand("SYSTem:ERRor:COUNt?", 0, 0,
               [this](ScpiContext& c) { c.reply(nr1(static_cast<long long>(m_errors.size()))); });
    addCommand("SYSTem:ERRor:ALL?", 0, 0, [this](ScpiContext& c) {
        std::string all = formatEntry(m_errors.pop());
        while (!m_errors.empty()) {
            all += ',';
            all += formatEntry(m_errors.pop());
        }
        c.reply(std::move(all));
    });
}

void ScpiDevice::addCommand(std::string_view pattern, std::size_t minParams, std::size_t maxParams,
                            ScpiHandler handler) {
    m_tree.add(pattern, minParams, maxParams, std::move(handler));
}

int ScpiDevice::statusByte() const {
    int stb = statusSummaryBits() & kStbSimulatorBits;
    if (!m_errors.empty()) {
        stb |= kStbErrorQueue;
    }
    if ((m_esr & m_ese) != 0) {
        stb |= kStbEventSummary;
    }
    if ((stb & m_sre) != 0) {
        stb |= kStbServiceRequest;
    }
    return stb;
}

void ScpiDevice::pushError(int code, std::string detail) {
    const ScpiError error(code, std::move(detail));
    pushEntry(error.code(), error.text(), error.detail());
}

void ScpiDevice::injectError(int code, std::string_view text) {
    pushEntry(code, text.empty() ? standardErrorText(code) : text, {});
}

void ScpiDevice::pushEntry(int code, std::string_view text, std::string_view detail) {
    std::string full(text);
    if (m_options.errorDetail && !detail.empty()) {
        full += ';';
        full.append(detail);
    }
    m_errors.push(code, std::move(full));
    setEventStatusBits(esrBitForErrorCode(code));
}

std::string ScpiDevice::nr1(long long value) const {
    return formatNr1(value, m_options.signedNr1);
}

std::string ScpiDevice::formatEntry(const ScpiErrorEntry& entry) const {
    return nr1(entry.code) + ',' + formatString(entry.text);
}

std::optional<std::string> ScpiDevice::handleMessage(std::string_view message) {
    std::string response;
    bool haveResponse = false;
    m_path.clear(); // every message starts at the root
    std::size_t pos = 0;
    while (pos < message.size()) {
        std::string_view header;
        int lexError = 0;
        pos = lexUnit(message, pos, header, m_params, lexError);
        if (lexError != 0) {
            pushError(lexError);
            break;
        }
        if (header.empty()) {
            if (!m_params.empty()) {
                pushError(kSyntaxError);
                break;
            }
            continue; // empty unit: ";;" or a trailing ';'
        }
        if (!processUnit(header, response, haveResponse)) {
            break;
        }
    }
    if (!haveResponse) {
        return std::nullopt;
    }
    return response;
}

bool ScpiDevice::processUnit(std::string_view header, std::string& response, bool& haveResponse) {
    const bool query = header.back() == '?';
    if (query) {
        header.remove_suffix(1);
    }
    if (header.empty()) {
        pushError(kSyntaxError);
        return false;
    }
    const bool common = header.front() == '*';
    m_keywords.clear();
    if (common) {
        const int error = keywordError(header.substr(1));
        if (error != 0) {
            pushError(error);
            return false;
        }
        m_keywords.push_back(header);
    } else {
        if (header.front() == ':') {
            header.remove_prefix(1);
        } else {
            m_keywords.assign(m_path.begin(), m_path.end());
        }
        while (true) {
            const std::size_t colon = header.find(':');
            const std::string_view keyword = header.substr(0, colon);
            const int error = keywordError(keyword);
            if (error != 0) {
                pushError(error);
                return false;
            }
            m_keywords.push_back(keyword);
            if (colon == std::string_view::npos) {
                break;
            }
            header.remove_prefix(colon + 1);
        }
    }

    ScpiHeaderSuffixes suffixes;
    const ScpiCommand* command = nullptr;
    try {
        command = m_tree.find(m_keywords, query, suffixes);
    } catch (const ScpiError& error) {
        pushEntry(error.code(), error.text(), error.detail());
        return false;
    }
    if (command == nullptr) {
        pushError(kUndefinedHeader);
        return false;
    }
    if (!common) {
        m_path.assign(m_keywords.begin(), m_keywords.end() - 1);
    }
    if (m_params.size() < command->minParams) {
        pushError(kMissingParameter);
        return false;
    }
    if (m_params.size() > command->maxParams) {
        pushError(kParameterNotAllowed);
        return false;
    }

    ScpiContext context(query, m_params, suffixes);
    try {
        command->handler(context);
    } catch (const ScpiError& error) {
        pushEntry(error.code(), error.text(), error.detail());
        return !isCommandError(error.code());
    } catch (const std::exception& error) {
        pushError(kDeviceSpecificError, std::string("simulator fault in '") + command->pattern + "': " + error.what());
        return false;
    }
    if (query && !context.hasReply()) {
        pushError(kDeviceSpecificError, "simulator fault: '" + command->pattern + "' gave no response");
        return true;
    }
    if (context.hasReply()) {
        if (haveResponse) {
            response += ';';
        }
        response += context.takeReply();
        haveResponse = true;
    }
    return true;
}

} // namespace optiqual::instruments::sim
