#include "core/Logging.h"

#include <mutex>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <stdexcept>
#include <vector>

namespace optiqual::core {

namespace {

// The console is a distributing sink in front of stderr, so its destination can be switched while other threads
// log (dist_sink locks its list; a logger's own sink list is not safe to change).
struct Console {
    std::mutex mutex;
    std::shared_ptr<spdlog::sinks::dist_sink_mt> switcher;
    spdlog::sink_ptr stderrSink;
    spdlog::level::level_enum level = spdlog::level::info;
};

Console& console() {
    static Console instance;
    return instance;
}

} // namespace

void setupLogging(const LogOptions& options) {
    std::vector<spdlog::sink_ptr> sinks;
    auto stderrSink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    stderrSink->set_pattern("%H:%M:%S.%e %^%-5l%$ %v");
    auto switcher = std::make_shared<spdlog::sinks::dist_sink_mt>(std::vector<spdlog::sink_ptr>{stderrSink});
    switcher->set_level(options.consoleLevel);
    {
        auto& c = console();
        std::lock_guard lock(c.mutex);
        c.switcher = switcher;
        c.stderrSink = stderrSink;
        c.level = options.consoleLevel;
    }
    sinks.push_back(switcher);
    auto level = options.consoleLevel;
    if (!options.file.empty()) {
        if (options.file.has_parent_path())
            std::filesystem::create_directories(options.file.parent_path());
        auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(options.file.string(), options.maxFileBytes,
                                                                           options.maxFiles);
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

void redirectConsoleLog(spdlog::sink_ptr replacement) {
    auto& c = console();
    std::lock_guard lock(c.mutex);
    if (!c.switcher)
        return;
    c.switcher->set_sinks({replacement ? std::move(replacement) : c.stderrSink});
}

spdlog::level::level_enum consoleLogLevel() {
    auto& c = console();
    std::lock_guard lock(c.mutex);
    return c.level;
}

spdlog::level::level_enum parseLogLevel(const std::string& text) {
    auto level = spdlog::level::from_str(text);
    if (level == spdlog::level::off && text != "off")
        throw std::invalid_argument("unknown log level '" + text +
                                    "' (expected trace, debug, info, warn, error, critical or off)");
    return level;
}

} // namespace optiqual::core
