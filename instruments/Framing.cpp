#include "instruments/Framing.h"

#include <cctype>
#include <string>

namespace optiqual::instruments {

namespace {

[[noreturn]] void tooLong(const std::string& what, std::size_t limit) {
    throw MessageTooLong(what + " exceeds the " + std::to_string(limit) + "-byte message limit");
}

} // namespace

std::optional<std::size_t> findMessageEnd(std::string_view data, std::string_view terminator, std::size_t limit) {
    auto found = [&](std::size_t end) -> std::optional<std::size_t> {
        if (end > limit)
            tooLong("a message of " + std::to_string(end) + " bytes", limit);
        return end;
    };
    auto more = [&]() -> std::optional<std::size_t> {
        // The earliest a terminator can still start is at its first byte among the last ones held.
        if (data.size() + 1 > limit + terminator.size())
            tooLong(std::to_string(data.size()) + " bytes without a terminator", limit);
        return std::nullopt;
    };
    if (terminator.empty())
        return std::nullopt;
    const char first = terminator.front();
    std::size_t i = 0;
    char quote = 0;
    while (i < data.size()) {
        const char c = data[i];
        if (quote) {
            if (c == quote)
                quote = 0;
            // A terminator inside an unterminated string still ends the message: instruments never put a
            // bare LF inside a quoted string, and waiting forever for a closing quote would hang the session.
            else if (c == first && data.substr(i, terminator.size()) == terminator)
                return found(i);
            ++i;
            continue;
        }
        if (c == '"' || c == '\'') {
            quote = c;
            ++i;
            continue;
        }
        if (c == '#' && i + 1 < data.size() && data[i + 1] >= '1' && data[i + 1] <= '9') {
            // Only a '#' starting a data element (message start or after a separator) opens a block.
            const bool atElementStart = i == 0 || data[i - 1] == ',' || data[i - 1] == ' ' || data[i - 1] == ';';
            if (atElementStart) {
                const std::size_t digits = std::size_t(data[i + 1] - '0');
                if (i + 2 + digits > data.size())
                    return more();
                std::size_t length = 0;
                bool numeric = true;
                for (std::size_t d = 0; d < digits; ++d) {
                    const char dc = data[i + 2 + d];
                    if (!std::isdigit(static_cast<unsigned char>(dc))) {
                        numeric = false;
                        break;
                    }
                    length = length * 10 + std::size_t(dc - '0');
                }
                if (numeric) {
                    const std::size_t end = i + 2 + digits + length;
                    // Refused from its header, before its bytes arrive: nobody waits for (or buffers) a huge block.
                    if (end > limit)
                        tooLong("a block of " + std::to_string(length) + " bytes", limit);
                    if (end > data.size())
                        return more();
                    i = end;
                    continue;
                }
            }
        }
        if (c == first && data.substr(i, terminator.size()) == terminator)
            return found(i);
        ++i;
    }
    return more();
}

std::string formatDefiniteBlock(std::string_view payload) {
    const std::string length = std::to_string(payload.size());
    std::string out;
    out.reserve(2 + length.size() + payload.size());
    out += '#';
    out += char('0' + length.size());
    out += length;
    out += payload;
    return out;
}

std::optional<BlockView> parseBlock(std::string_view reply, std::string* why) {
    auto fail = [&](const char* text) -> std::optional<BlockView> {
        if (why)
            *why = text;
        return std::nullopt;
    };
    if (reply.size() < 2 || reply[0] != '#')
        return fail("reply does not start with an IEEE 488.2 block header '#'");
    if (reply[1] == '0')
        return BlockView{reply.substr(2), reply.size()};
    if (reply[1] < '1' || reply[1] > '9')
        return fail("block header digit count is not 0-9");
    const std::size_t digits = std::size_t(reply[1] - '0');
    if (reply.size() < 2 + digits)
        return fail("block header truncated");
    std::size_t length = 0;
    for (std::size_t d = 0; d < digits; ++d) {
        const char c = reply[2 + d];
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return fail("block length is not a number");
        length = length * 10 + std::size_t(c - '0');
    }
    if (reply.size() < 2 + digits + length)
        return fail("block shorter than its header says");
    return BlockView{reply.substr(2 + digits, length), 2 + digits + length};
}

} // namespace optiqual::instruments
