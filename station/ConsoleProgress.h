#pragma once
#include "station/EventBus.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <string>

namespace optiqual::station {

/// @brief Live terminal progress: per socket, each finished top-level step with its position in the sequence,
/// verdict and elapsed time, failures of nested steps with their reason, prompts, and each run's end.
class ConsoleProgress : public EventSink {
public:
    explicit ConsoleProgress(std::FILE* out = stdout, bool verbose = false);
    void onEvent(const Event& event) override;

private:
    struct SocketState {
        std::string serial;
        int done = 0;
        int total = 0;
        std::chrono::system_clock::time_point started;
    };
    std::FILE* m_out;
    bool m_verbose;
    bool m_color;
    std::map<int, SocketState> m_sockets;
};

} // namespace optiqual::station
