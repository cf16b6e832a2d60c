#pragma once
#include <filesystem>
#include <spdlog/spdlog.h>
#include <string>

namespace optiqual::core {

/// @brief Where and how much OptiQual logs.
struct LogOptions {
    spdlog::level::level_enum consoleLevel = spdlog::level::info;
    spdlog::level::level_enum fileLevel = spdlog::level::debug;
    std::filesystem::path file; ///< empty: no file log
    std::size_t maxFileBytes = 10u << 20;
    std::size_t maxFiles = 5;
};

/// @brief Installs the default logger: console (stderr) plus an optional rotating file.
/// Safe to call again (the previous default logger is replaced).
void setupLogging(const LogOptions& options);

/// @brief Sends the console's log lines to @p replacement instead of stderr (nullptr: back to stderr), at the
/// console's level. Thread-safe while other threads log: a live terminal view takes the console this way so that
/// no log line tears its block. The log file is not affected.
void redirectConsoleLog(spdlog::sink_ptr replacement);

/// @brief The console's log level as set up (what redirectConsoleLog's replacement receives).
spdlog::level::level_enum consoleLogLevel();

/// @brief Parses "trace|debug|info|warn|error|critical|off"; throws std::invalid_argument otherwise.
spdlog::level::level_enum parseLogLevel(const std::string& text);

} // namespace optiqual::core
