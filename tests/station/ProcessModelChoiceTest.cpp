// Which process model a run takes (the command line, else the station file, else parallel), and the warning when a
// sequence that synchronises its sockets (`batch: true` steps) would run unsynchronised on a multi-socket station —
// which on the four-socket XPO line failed good units waiting for a chiller their neighbours kept moving.
#include "station/cli/ProcessModelChoice.h"

#include "sequences/SequenceFile.h"
#include "station/InstrumentMethods.h"
#include "station/StationConfig.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>

using namespace optiqual;
using namespace optiqual::station;
using station::cli::chooseProcessModel;
using station::cli::firstBatchStep;
using station::cli::unsynchronisedBatchWarning;

namespace {

std::filesystem::path source(const std::string& relative) {
    return std::filesystem::path(OPTIQUAL_SOURCE_DIR) / relative;
}

sequences::Sequence shipped(const std::string& relative) {
    return sequences::loadSequence(source(relative).string(), InstrumentMethods::builtin());
}

} // namespace

TEST(ProcessModelChoice, TheCommandLineWinsThenTheStationFileThenParallel) {
    StationConfig none = parseStationConfig("station: {name: S}\ninstruments: []\n", "s.yaml");
    EXPECT_EQ(none.processModel, "");
    EXPECT_EQ(chooseProcessModel("", none), ProcessModel::Parallel);
    EXPECT_EQ(chooseProcessModel("sequential", none), ProcessModel::Sequential);
    StationConfig batch = parseStationConfig("station: {name: S, process_model: batch}\ninstruments: []\n", "s.yaml");
    EXPECT_EQ(batch.processModel, "batch");
    EXPECT_EQ(chooseProcessModel("", batch), ProcessModel::Batch);
    EXPECT_EQ(chooseProcessModel("parallel", batch), ProcessModel::Parallel);
}

TEST(ProcessModelChoice, AnUnknownModelInTheStationFileIsRefusedAtItsPlace) {
    try {
        parseStationConfig("station:\n  name: S\n  process_model: bath\ninstruments: []\n", "s.yaml");
        FAIL() << "accepted process_model: bath";
    } catch (const core::InputError& e) {
        EXPECT_NE(std::string(e.what()).find("s.yaml:3:18: process_model must be sequential, parallel or batch, got "
                                             "'bath'"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ProcessModelChoice, TheShippedSharedStationsRunBatchAndTheSingleSocketBenchDoesNot) {
    for (const char* file : {"station/configs/sim-xpo-line.yaml", "station/configs/sim-coldplate.yaml"}) {
        SCOPED_TRACE(file);
        const auto config = loadStationConfig(source(file));
        EXPECT_GT(config.sockets(), 1);
        EXPECT_EQ(chooseProcessModel("", config), ProcessModel::Batch);
    }
    EXPECT_EQ(chooseProcessModel("", loadStationConfig(source("station/configs/sim-xpo.yaml"))),
              ProcessModel::Parallel);
}

TEST(ProcessModelChoice, ASynchronisingSequenceUnsynchronisedOnSharedSocketsIsWarnedAboutAtItsFirstBatchStep) {
    const auto xpo = shipped("sequences/xpo/xpo-functional.yaml");
    const auto* step = firstBatchStep(xpo);
    ASSERT_NE(step, nullptr);
    EXPECT_TRUE(step->batch);
    const std::string warning = unsynchronisedBatchWarning(ProcessModel::Parallel, 4, xpo);
    const std::string at = xpo.file + ":" + std::to_string(step->where.line) + ":" + std::to_string(step->where.column);
    EXPECT_EQ(warning.rfind("warning: " + at + ": step '" + step->name + "' is marked batch: true", 0), 0u) << warning;
    EXPECT_NE(warning.find("the parallel process model"), std::string::npos) << warning;
    EXPECT_NE(warning.find("--process-model batch"), std::string::npos) << warning;
    EXPECT_NE(unsynchronisedBatchWarning(ProcessModel::Sequential, 2, xpo), "");
    // Nothing to warn about: the batch model, one socket, or a sequence with no step for all sockets.
    EXPECT_EQ(unsynchronisedBatchWarning(ProcessModel::Batch, 4, xpo), "");
    EXPECT_EQ(unsynchronisedBatchWarning(ProcessModel::Parallel, 1, xpo), "");
    const auto cpo = shipped("sequences/cpo/cpo-engine-final.yaml");
    EXPECT_EQ(firstBatchStep(cpo), nullptr);
    EXPECT_EQ(unsynchronisedBatchWarning(ProcessModel::Parallel, 4, cpo), "");
}

TEST(ProcessModelChoice, ABatchStepInsideALoopOrASubSequenceIsFound) {
    sequences::Step inner;
    inner.name = "Chamber set point";
    inner.batch = true;
    sequences::Step loop;
    loop.name = "Temperature corners";
    loop.type = sequences::StepType::ForEach;
    loop.forEach = sequences::ForEachSpec{};
    loop.forEach->body.push_back(sequences::Step{});
    loop.forEach->body.push_back(inner);
    sequences::Sequence inLoop;
    inLoop.main.push_back(sequences::Step{});
    inLoop.main.push_back(loop);
    ASSERT_NE(firstBatchStep(inLoop), nullptr);
    EXPECT_EQ(firstBatchStep(inLoop)->name, "Chamber set point");

    sequences::Sequence inSub;
    inSub.subsequences.push_back(sequences::Subsequence{"corner", {}, {inner}, {}});
    ASSERT_NE(firstBatchStep(inSub), nullptr);
    EXPECT_EQ(firstBatchStep(inSub)->name, "Chamber set point");
    EXPECT_EQ(firstBatchStep(sequences::Sequence{}), nullptr);
}
