#include "station/cli/ProcessModelChoice.h"

#include "station/StationConfig.h"

#include <fmt/format.h>
#include <vector>

namespace optiqual::station::cli {

using sequences::Sequence;
using sequences::Step;

namespace {

ProcessModel parse(const std::string& name) {
    if (name == "sequential")
        return ProcessModel::Sequential;
    if (name == "batch")
        return ProcessModel::Batch;
    return ProcessModel::Parallel;
}

const Step* firstBatchStep(const std::vector<Step>& steps) {
    for (const auto& step : steps) {
        if (step.batch)
            return &step;
        if (step.forEach)
            if (const Step* inside = firstBatchStep(step.forEach->body))
                return inside;
    }
    return nullptr;
}

} // namespace

ProcessModel chooseProcessModel(const std::string& given, const StationConfig& config) {
    return parse(!given.empty() ? given : config.processModel);
}

const Step* firstBatchStep(const Sequence& sequence) {
    for (const auto* group : {&sequence.setup, &sequence.main, &sequence.cleanup})
        if (const Step* step = firstBatchStep(*group))
            return step;
    for (const auto& sub : sequence.subsequences)
        if (const Step* step = firstBatchStep(sub.steps))
            return step;
    return nullptr;
}

std::string unsynchronisedBatchWarning(ProcessModel model, int sockets, const Sequence& sequence) {
    if (model == ProcessModel::Batch || sockets < 2)
        return {};
    const Step* step = firstBatchStep(sequence);
    if (!step)
        return {};
    return fmt::format("warning: {}:{}:{}: step '{}' is marked batch: true (once for all sockets), but the {} process "
                       "model starts each of the {} sockets' units on its own, so they command the station's shared "
                       "instruments (chamber, coolant) at different times and wait on each other's set points; run "
                       "with --process-model batch, or set station.process_model: batch in the station file",
                       step->where.file, step->where.line, step->where.column, step->name,
                       model == ProcessModel::Sequential ? "sequential" : "parallel", sockets);
}

} // namespace optiqual::station::cli
