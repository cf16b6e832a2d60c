#pragma once
#include "station/Durability.h"
#include "station/SnapshotPublisher.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace optiqual::station {

/// @brief The live progress view on a terminal: a block (ProgressRenderer) redrawn in place at most
/// 1/interval times a second with plain ANSI sequences, and above it, printed once and kept, a line per finished
/// unit, each log line and each prompt. Everything goes out in one write per frame, so other output never lands
/// inside the block — as long as it goes through print() (the log is routed here while the view runs).
///
/// A resize (SIGWINCH) is picked up at the next frame: the old block is erased as the terminal re-wrapped it and
/// drawn anew at the new width. While an operator prompt is open the block is taken down and redrawing waits, so
/// what the operator types is never overdrawn.
class LiveTerminal {
public:
    struct Options {
        int fd = 1; ///< the terminal (stdout)
        bool color = true;
        std::chrono::milliseconds interval{100}; ///< at most 10 frames a second
        int logLevel = 2;                        ///< log lines at or above this level are printed (info)
        /// @brief The durability gate: whether run @p runId's results are all committed, asked on the view's own
        /// thread before its verdict is shown (the finished unit's line, the socket's final verdict). Until it
        /// says yes the unit's line waits (and the ones after it, to keep their order) and the socket shows
        /// "save"; stop() waits up to @c durableWait for it. A Lost run is shown at once with a line saying its
        /// results are not stored. Empty: every verdict is shown at once.
        DurabilityQuery durable;
        std::chrono::milliseconds durableWait{5000};
    };

    LiveTerminal(std::shared_ptr<const SnapshotPublisher> source, Options options);
    ~LiveTerminal();
    LiveTerminal(const LiveTerminal&) = delete;
    LiveTerminal& operator=(const LiveTerminal&) = delete;

    /// @brief Starts redrawing on its own thread.
    void start();
    /// @brief Draws what is left to print, takes the block down and gives the terminal back (cursor shown).
    void stop();
    /// @brief Prints @p line above the block at the next frame (thread-safe).
    void print(std::string line);

    /// @brief The bytes of one frame: take down the block drawn last (@p previousRows rows as the terminal shows
    /// them now), print @p above for good, draw @p block. Pure, for tests.
    static std::string frame(int previousRows, const std::vector<std::string>& above,
                             const std::vector<std::string>& block);
    /// @brief Rows the lines of a block take on a terminal @p columns wide that re-wraps long lines on resize.
    static int rowsOf(const std::vector<std::string>& block, int columns);

private:
    void loop();
    /// @brief Draws one frame; false when a finished unit still waits for the durability gate.
    bool draw(bool last);
    /// @brief Finished runs whose verdict the durability gate does not let out yet.
    std::set<std::uint64_t> unconfirmed(const StationSnapshot& snapshot) const;
    void write(const std::string& bytes);

    std::shared_ptr<const SnapshotPublisher> m_source;
    Options m_options;
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_running = false;
    std::vector<std::string> m_pending; ///< print()ed lines not drawn yet

    // Owned by the drawing thread.
    std::vector<std::string> m_block; ///< as drawn last
    int m_columns = 0;
    std::uint64_t m_finishedSeq = 0;
    std::uint64_t m_logSeq = 0;
    std::uint64_t m_promptSeq = 0;
};

} // namespace optiqual::station
