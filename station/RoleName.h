#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::station {

/// @brief A role as a station file writes it: `fixture` fills the role for every socket, `fixture@2` for socket 2
/// only. One parser for `check` and for binding roles when a station opens.
struct RoleName {
    /// @brief The highest socket number a station may name.
    static constexpr int kMaxSocket = 64;

    std::string role; ///< a name such as `psu` or `aux_psu`
    int socket = 0;   ///< 0: every socket

    /// @brief Parses @p text; std::nullopt with @p why set when it is not `name` or `name@N` with N in
    /// 1..kMaxSocket.
    static std::optional<RoleName> parse(std::string_view text, std::string* why = nullptr);
};

} // namespace optiqual::station
