#include "ui/SerialCheck.h"

#include <fmt/format.h>

namespace optiqual::ui {

namespace {

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

bool isFree(int socket, const station::StationSnapshot& snapshot, const std::vector<TileState>& tiles) {
    const TileState& tile = tiles[std::size_t(socket - 1)];
    return tile.phase(snapshot.socket(socket)) != TilePhase::Starting &&
           tile.phase(snapshot.socket(socket)) != TilePhase::Running;
}

} // namespace

ScanDecision decideScan(std::string_view text, int selectedSocket, const station::StationSnapshot& snapshot,
                        const std::vector<TileState>& tiles, const SerialRule& rule) {
    ScanDecision d;
    d.serial = std::string(trim(text));
    if (d.serial.empty()) {
        d.refusal = "no serial: scan the unit's label or type its serial";
        return d;
    }
    if (rule)
        if (auto problem = rule(d.serial)) {
            d.refusal = fmt::format("serial refused: {}", *problem);
            return d;
        }
    const int sockets = int(tiles.size());
    for (int s = 1; s <= sockets; ++s) {
        const TileState& tile = tiles[std::size_t(s - 1)];
        const station::SocketView* view = snapshot.socket(s);
        if (tile.pending() && tile.pendingSerial() == d.serial) {
            d.refusal = fmt::format("{} is already starting on socket {}", d.serial, s);
            return d;
        }
        if (tile.phase(view) == TilePhase::Running && view->serial == d.serial) {
            d.refusal = fmt::format("{} is already under test on socket {}", d.serial, s);
            return d;
        }
    }
    for (const auto& f : snapshot.finished)
        if (f.serial == d.serial && f.verdict == sequences::Verdict::Pass) {
            d.refusal =
                fmt::format("{} already passed on socket {}: a passed unit is not tested again", d.serial, f.socket);
            return d;
        }
    if (selectedSocket >= 1 && selectedSocket <= sockets && isFree(selectedSocket, snapshot, tiles)) {
        d.socket = selectedSocket;
        return d;
    }
    for (int s = 1; s <= sockets; ++s)
        if (isFree(s, snapshot, tiles)) {
            d.socket = s;
            return d;
        }
    d.refusal = sockets == 1 ? "the socket is busy: wait for its verdict" : "every socket is busy: wait for a verdict";
    return d;
}

} // namespace optiqual::ui
