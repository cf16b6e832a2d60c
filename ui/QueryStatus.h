#pragma once
#include "ui/DatabaseWorker.h"

#include <chrono>
#include <string>

namespace optiqual::ui {

/// @brief What a view shows of its database query, on the line of its filters: "querying…" while a newer request is
/// waiting or running, else the time the shown answer took; under them the answer's error in the failing colour, as
/// "<what>: <error>".
void drawQueryStatus(const char* what, bool inFlight, bool answered, std::chrono::microseconds took,
                     const std::string& error);

/// @brief drawQueryStatus() for @p channel's latest answer @p answer (null before the first).
template <typename Request, typename T>
void drawQueryStatus(const char* what, const QueryChannel<Request, T>& channel, const QueryResult<T>* answer) {
    static const std::string none;
    drawQueryStatus(what, channel.inFlight(), answer && answer->value,
                    answer ? answer->took : std::chrono::microseconds{}, answer ? answer->error : none);
}

} // namespace optiqual::ui
