#include "station/RoleName.h"

#include <cctype>
#include <charconv>

namespace optiqual::station {

namespace {

bool isIdentifier(std::string_view s) {
    if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s.front())) || s.front() == '_'))
        return false;
    for (char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return false;
    return true;
}

} // namespace

std::optional<RoleName> RoleName::parse(std::string_view text, std::string* why) {
    auto fail = [&](std::string message) -> std::optional<RoleName> {
        if (why)
            *why = std::move(message);
        return std::nullopt;
    };
    const auto at = text.find('@');
    RoleName out;
    out.role = std::string(text.substr(0, at));
    if (!isIdentifier(out.role))
        return fail("role '" + std::string(text) + "' must be a name of letters, digits and '_' (e.g. psu, fixture@2)");
    if (at == std::string_view::npos)
        return out;
    const std::string_view socket = text.substr(at + 1);
    const auto [end, ec] = std::from_chars(socket.data(), socket.data() + socket.size(), out.socket);
    if (socket.empty() || ec != std::errc() || end != socket.data() + socket.size() || out.socket < 1 ||
        out.socket > kMaxSocket)
        return fail("role '" + std::string(text) + "': the socket after '@' must be a whole number in 1.." +
                    std::to_string(kMaxSocket));
    return out;
}

} // namespace optiqual::station
