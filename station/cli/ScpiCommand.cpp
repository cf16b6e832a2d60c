#include "core/RunSync.h"
#include "instruments/InstrumentError.h"
#include "instruments/ScpiSession.h"
#include "station/cli/Commands.h"

#include <cstdio>
#include <cstdlib>
#include <editline/readline.h>
#include <iostream>
#include <unistd.h>

namespace optiqual::station::cli {

using namespace optiqual::instruments;

namespace {

/// Sends one console line. SCPI: a line with '?' is a query; text protocols (Espec, Julabo): every line may
/// answer, so we read and say "(no reply)" when nothing comes.
bool sendLine(boost::asio::io_context& io, ScpiSession& session, const std::string& line, bool text) {
    try {
        if (text || line.find('?') != std::string::npos) {
            try {
                std::printf("%s\n", core::runSync(io, session.query(line)).c_str());
            } catch (const InstrumentError& e) {
                if (!text || e.kind() != InstrumentErrorKind::Timeout)
                    throw;
                std::printf("(no reply)\n");
            }
        } else {
            core::runSync(io, session.write(line));
        }
        if (!text) {
            for (const auto& e : core::runSync(io, session.drainErrors()))
                std::printf("error %d,\"%s\"\n", e.code, e.text.c_str());
        }
        std::fflush(stdout);
        return true;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return false;
    }
}

} // namespace

int runScpi(const ScpiOptions& options) {
    boost::asio::io_context io;
    ResourceString resource;
    try {
        resource = ResourceString::parse(options.resource);
    } catch (const InstrumentError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitBadInput;
    }
    if (options.protocol != "scpi" && options.protocol != "text") {
        std::fprintf(stderr, "--protocol must be scpi or text, got '%s'\n", options.protocol.c_str());
        return kExitBadInput;
    }
    const bool text = options.protocol == "text";
    SessionOptions sessionOptions;
    sessionOptions.name = "scpi";
    sessionOptions.timeouts.reply = std::chrono::milliseconds(options.timeoutMs);
    sessionOptions.hasErrorQueue = !text;
    ScpiSession session(io.get_executor(), resource, sessionOptions);
    try {
        core::runSync(io, session.connect());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return kExitError;
    }
    bool ok = true;
    if (!options.commands.empty()) {
        for (const auto& command : options.commands)
            ok = sendLine(io, session, command, text) && ok;
        return ok ? kExitOk : kExitError;
    }
    if (!isatty(STDIN_FILENO)) {
        std::string line;
        while (std::getline(std::cin, line))
            if (!line.empty())
                ok = sendLine(io, session, line, text) && ok;
        return ok ? kExitOk : kExitError;
    }
    std::printf("Connected to %s. Queries (with '?') print their reply; errors are drained after each command.\n"
                "Ctrl-D to quit.\n",
                options.resource.c_str());
    const std::string prompt = "scpi> ";
    while (char* raw = readline(prompt.c_str())) {
        std::string line(raw);
        std::free(raw);
        if (line.empty())
            continue;
        add_history(line.c_str());
        sendLine(io, session, line, text);
    }
    std::printf("\n");
    return kExitOk;
}

} // namespace optiqual::station::cli
