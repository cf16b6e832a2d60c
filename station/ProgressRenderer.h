#pragma once
#include "station/StationSnapshot.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief Turns a StationSnapshot into terminal text: the live block (a lot summary line and one line per
/// socket), the permanent line of a finished unit, a log line, a prompt. Pure functions of their arguments —
/// the clock included — so every layout is testable without a terminal.
///
/// Every block line fits in width − 1 columns (never the last column: no terminal auto-wrap can shift the
/// block), and the block fits in height − 1 lines: sockets that do not fit are shown a page at a time.
class ProgressRenderer {
public:
    struct Options {
        int width = 80;
        int height = 24;
        bool color = false; ///< ANSI colours (they take no columns)
        WallTime now;
        std::chrono::seconds pageTime{3};    ///< how long each page of sockets shows when they do not all fit
        std::set<std::uint64_t> unconfirmed; ///< finished runs whose results are not durable yet: "save", no verdict
    };

    /// @brief The live block, top to bottom.
    static std::vector<std::string> block(const StationSnapshot& snapshot, const Options& options);
    /// @brief The permanent line(s) of a finished unit: serial, verdict, duration, socket, first failure, and
    /// after an abort or error the cleanup that ran.
    static std::vector<std::string> finishedLines(const FinishedUnit& unit, bool color);
    /// @brief A log line as printed above the block ("warning: …").
    static std::string logLine(const LogEntry& entry, bool color);
    /// @brief An open prompt and how to answer it.
    static std::string promptLine(int socket, const PromptView& prompt, bool color);

    /// @brief "ETA 4:12" (typical, from earlier runs), "ETA 3:10–5:00" (bounds), "ETA ≥ 3:10" (a lower bound
    /// only) or "ETA unknown".
    static std::string etaText(const std::optional<DurationEstimate>& remaining);
    /// @brief "chamber 63.4 → 70.0 °C ±0.5, stable 0:40/2:00".
    static std::string waitText(const WaitReadingView& wait);
    /// @brief The lot summary line ("Lot LOT0042  37/100 done  FPY 91.9 % (34/37)  11.2 units/h  …").
    static std::string summaryLine(const StationSnapshot& snapshot, const Options& options);
    /// @brief A socket's head (number, serial, verdict, steps, elapsed, ETA) and its where/what (position and
    /// the live reading or prompt), before fitting.
    static std::pair<std::string, std::string> socketParts(const SocketView& socket, int serialWidth,
                                                           const Options& options);
};

} // namespace optiqual::station
