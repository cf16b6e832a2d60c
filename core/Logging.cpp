#include "core/Logging.h"

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <stdexcept>
#include <vector>

namespace optiqual::core {

void setupLogging(const LogOptions& options) {
    std::vector<spdlog::sink_ptr> sinks;
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(options.consoleLevel);
    console->set_pattern("%H:%M:%S.%e %^%-5l%$ %v");
    sinks.push_back(console);
    auto level = options.consoleLevel;
    if (!options.file.empty()) {
        if (options.file.has_parent_path())
            std::filesystem::create_directories(options.file.parent_path());
        auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(options.file.string(),
                                                                           options.maxFileBytes, options.maxFiles);
        file->set_level(options.fileLevel);
        file->set_pattern("%Y-%m-%dT%H:%M:%S.%f %-5l [%t] %v");
        sinks.push_back(file);
        level = std::min(level, options.fileLevel);
    }
    auto logger = std::make_shared<spdlog::logger>("optiqual", sinks.begin(), sinks.end());
    logger->set_level(level);
    logger->flush_on(spdlog::level::warn);
    spdlog::set_default_logger(logger);
}

spdlog::level::level_enum parseLogLevel(const std::string& text) {
    auto level = spdlog::level::from_str(text);
    if (level == spdlog::level::off && text != "off")
        throw std::invalid_argument("unknown log level '" + text +
                                    "' (expected trace, debug, info, warn, error, critical or off)");
    return level;
}

} // namespace optiqual::core
