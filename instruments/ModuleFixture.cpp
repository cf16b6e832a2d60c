#include "instruments/ModuleFixture.h"

namespace optiqual::instruments {

const char* toString(ModuleState s) {
    switch (s) {
    case ModuleState::Absent:
        return "absent";
    case ModuleState::LowPower:
        return "low-power";
    case ModuleState::PoweringUp:
        return "powering-up";
    case ModuleState::Ready:
        return "ready";
    case ModuleState::PoweringDown:
        return "powering-down";
    case ModuleState::Fault:
        return "fault";
    case ModuleState::Unpowered:
        return "unpowered";
    case ModuleState::Reset:
        return "reset";
    case ModuleState::Initializing:
        return "initializing";
    }
    return "unknown";
}

std::optional<ModuleState> moduleStateFromString(std::string_view name) {
    for (const ModuleState state : {ModuleState::Absent, ModuleState::Unpowered, ModuleState::Reset,
                                    ModuleState::Initializing, ModuleState::LowPower, ModuleState::PoweringUp,
                                    ModuleState::Ready, ModuleState::PoweringDown, ModuleState::Fault})
        if (name == toString(state))
            return state;
    return std::nullopt;
}

boost::asio::awaitable<void> ModuleFixture::safeState() {
    co_await setModulePower(false);
    co_await setReset(true);
}

} // namespace optiqual::instruments
