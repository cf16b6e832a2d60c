#pragma once
#include "sequences/Sequence.h"
#include "station/EventBus.h"
#include "station/LiveTerminal.h"
#include "station/PlainProgress.h"
#include "station/SnapshotPublisher.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace optiqual::station::cli {

/// @brief `--progress`: auto (live on a terminal, plain lines otherwise), live, plain or none.
enum class ProgressMode { Auto, Live, Plain, None };
std::optional<ProgressMode> parseProgressMode(const std::string& text);

/// @brief What `optiqual run` and `optiqual lot` show while units run: the station snapshot (with an ETA
/// plan refined by earlier runs of the sequence in the results database) and, on top of it, the live terminal
/// view, plain lines, or nothing. While the live view runs the console log is routed above its block.
class ProgressDisplay {
public:
    struct Options {
        ProgressMode mode = ProgressMode::Auto;
        bool verbose = false;
        double timeScale = 1.0;
        int unitsTotal = 0;
        std::shared_ptr<const sequences::Sequence> sequence;
        std::string dbPath; ///< earlier runs to learn durations from ("" or unreadable: the static plan only)
        /// @brief The durability gate for verdicts (LiveTerminal::Options::durable): the engine's run id → whether
        /// all of that run's results are committed. Empty: verdicts are shown at once.
        DurabilityQuery durable;
        /// @brief The same gate for each step's line in plain mode (PlainProgress::Options::stepDurable).
        std::function<Durability(std::uint64_t runId, int ordinal)> stepDurable;
    };

    /// @brief Subscribes its sinks to @p bus (call before anything is published).
    ProgressDisplay(EventBus& bus, const Options& options);
    ~ProgressDisplay();
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;

    /// @brief Starts drawing (right before the engine runs).
    void start();
    /// @brief Stops drawing and gives the console back (after the run, before the results are printed).
    void stop();
    /// @brief A line for the operator (prompt answers' replies): above the live block, else on stdout.
    void say(const std::string& line);

    bool live() const { return m_live != nullptr; }
    const SnapshotPublisher& snapshots() const { return *m_snapshots; }

private:
    EventBus& m_bus;
    std::shared_ptr<SnapshotPublisher> m_snapshots;
    std::unique_ptr<LiveTerminal> m_live;
    std::shared_ptr<PlainProgress> m_plain;
    bool m_started = false;
};

} // namespace optiqual::station::cli
