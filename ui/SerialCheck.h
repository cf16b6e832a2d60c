#pragma once
#include "station/StationSnapshot.h"
#include "ui/TileState.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::ui {

/// @brief Where a scanned serial goes, or why it is refused.
struct ScanDecision {
    int socket = 0;      ///< 1-based; 0 when refused
    std::string serial;  ///< trimmed
    std::string refusal; ///< why not, as the operator reads it ("" when accepted)
};

/// @brief What is wrong with a serial for the part under test (length, characters, the part's pattern), or nothing.
using SerialRule = std::function<std::optional<std::string>(std::string_view serial)>;

/// @brief Decides a scan (barcode or typed + Enter): the serial, trimmed, must not be empty, must satisfy @p rule
/// (when given), must not be on a socket already (running or just scanned) and must not have passed already in this
/// session; it goes to
/// @p selectedSocket when that socket is free, else to the first free socket. @p tiles holds one state per
/// socket (index socket - 1). Pure, for tests.
ScanDecision decideScan(std::string_view text, int selectedSocket, const station::StationSnapshot& snapshot,
                        const std::vector<TileState>& tiles, const SerialRule& rule = {});

} // namespace optiqual::ui
