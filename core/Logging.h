#pragma once
#include <filesystem>
#include <string>

#include <spdlog/spdlog.h>

namespace optiqual::core {

/// @brief Where and how much OptiQual logs.
struct LogOptions {
    spdlog::level::level_enum consoleLevel = spdlog::level::info;
    spdlog::level::level_enum fileLevel = spdlog::level::debug;
    std::filesystem::path file;         ///< empty: no file log
    std::size_t maxFileBytes = 10u << 20;
    std::size_t maxFiles = 5;
};

/// @brief Installs the default logger: console (stderr) plus an optional rotating file.
/// Safe to call again (the previous default logger is replaced).
void setupLogging(const LogOptions& options);

/// @brief Parses "trace|debug|info|warn|error|critical|off"; throws std::invalid_argument otherwise.
spdlog::level::level_enum parseLogLevel(const std::string& text);

} // namespace optiqual::core
