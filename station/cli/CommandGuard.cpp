#include "station/cli/CommandGuard.h"

#include "core/Diagnostic.h"
#include "instruments/InstrumentError.h"
#include "station/cli/Commands.h"

#include <cstdio>
#include <new>
#include <stdexcept>
#include <string>
#include <yaml-cpp/exceptions.h>

namespace optiqual::station::cli {

namespace {

std::string describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::bad_alloc&) {
        return "out of memory";
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

} // namespace

int exitCodeFor(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const core::InputError&) {
        return kExitBadInput;
    } catch (const instruments::InstrumentError& e) {
        return e.kind() == instruments::InstrumentErrorKind::Configuration ? kExitBadInput : kExitError;
    } catch (const YAML::Exception&) {
        return kExitBadInput;
    } catch (const std::invalid_argument&) {
        return kExitBadInput;
    } catch (const std::out_of_range&) {
        return kExitBadInput;
    } catch (...) {
        return kExitError;
    }
}

int runGuarded(std::string_view name, const std::function<int()>& command) noexcept {
    try {
        return command();
    } catch (...) {
        const auto error = std::current_exception();
        const int code = exitCodeFor(error);
        std::fflush(stdout);
        std::fprintf(stderr, "optiqual%s%.*s: %s\n", name.empty() ? "" : " ", int(name.size()), name.data(),
                     describe(error).c_str());
        return code;
    }
}

} // namespace optiqual::station::cli
