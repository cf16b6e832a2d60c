// The world's CPO host-board positions (World.h, "CPO host boards"): seating engines, the rails and the plate they
// see, their light sources and the light at their receivers.
#include "core/Units.h"
#include "instruments/sim/world/World.h"

#include <charconv>
#include <cmath>

namespace optiqual::instruments::sim {

namespace {

/// "board.els3" → 3 for @p kind "els" on board @p board; 0 for another port.
int portNumber(std::string_view port, std::string_view board, std::string_view kind, int count) {
    if (port.size() <= board.size() + 1 + kind.size() || port.substr(0, board.size()) != board ||
        port[board.size()] != '.' || port.substr(board.size() + 1, kind.size()) != kind)
        return 0;
    const auto digits = port.substr(board.size() + 1 + kind.size());
    int n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    return ec == std::errc() && end == digits.data() + digits.size() && n >= 1 && n <= count ? n : 0;
}

} // namespace

CpoStand* World::findCpo(std::string_view board) {
    for (auto& stand : m_cpoStands)
        if (stand->wiring().board == board)
            return stand.get();
    return nullptr;
}

const CpoStand* World::findCpo(std::string_view board) const {
    for (const auto& stand : m_cpoStands)
        if (stand->wiring().board == board)
            return stand.get();
    return nullptr;
}

CpoStand& World::cpoStand(const std::string& board) {
    if (CpoStand* found = findCpo(board))
        return *found;
    CpoStandWiring wiring;
    for (const auto& w : m_config.cpoStands)
        if (w.board == board)
            wiring = w;
    wiring.board = board; // a board the wiring does not name: no rails behind it
    m_cpoStands.push_back(std::make_unique<CpoStand>(wiring));
    for (int k = 1; k <= CpoEngine::kLasers; ++k)
        m_optics.addSource(board + ".els" + std::to_string(k));
    for (int c = 1; c <= CpoEngine::kChannels; ++c)
        m_optics.addSource(board + ".tx" + std::to_string(c));
    return *m_cpoStands.back();
}

bool World::seatCpoEngine(int socket, const std::string& serial, std::uint64_t lotSeed, const std::string& partNumber,
                          double seconds) {
    advanceTo(seconds);
    for (auto& stand : m_cpoStands) {
        if (stand->wiring().socket != socket || stand->wiring().coreSupply.empty())
            continue;
        CpoEngineParams params = m_cpoParams;
        params.seed = lotSeed;
        const auto planted = m_config.plantedCpoDefects.find(serial);
        stand->seat(std::make_unique<CpoEngine>(serial, partNumber, params,
                                                planted == m_config.plantedCpoDefects.end()
                                                    ? std::nullopt
                                                    : std::optional<std::vector<CpoDefect>>(planted->second)));
        return true;
    }
    return false;
}

double World::terminalVolts(const std::string& supply, int channel, double seconds) const {
    const auto it = m_supplies.find({supply, channel});
    return it == m_supplies.end() ? 0.0 : it->second(seconds);
}

void World::prepareCpo(const std::string& board, double seconds) {
    advanceTo(seconds); // its rails and plate follow in applyElectrical()
    CpoStand& stand = cpoStand(board);
    const auto sources = [this](std::string_view source) { return sourceWatts(source); };
    for (int c = 1; c <= CpoEngine::kChannels; ++c) {
        const ReceivedLight light = m_optics.received(board + ".rx" + std::to_string(c), sources);
        CpoRxLight rx;
        rx.watts = light.watts;
        for (const auto& ref : m_config.sources)
            if (ref.name == light.dominantSource) {
                rx.pattern = ref.pattern;
                rx.extinctionDb = ref.extinctionRatioDb;
            }
        stand.setRxLight(c - 1, rx);
    }
}

std::optional<double> World::cpoSourceWatts(std::string_view source) const {
    for (const auto& stand : m_cpoStands) {
        const std::string& board = stand->wiring().board;
        if (const int k = portNumber(source, board, "els", CpoEngine::kLasers))
            return stand->laserFibreWatts(k - 1);
        if (const int c = portNumber(source, board, "tx", CpoEngine::kChannels))
            return stand->txWatts(c - 1);
    }
    return std::nullopt;
}

} // namespace optiqual::instruments::sim
