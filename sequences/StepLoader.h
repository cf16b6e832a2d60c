#pragma once
#include "sequences/Sequence.h"
#include "sequences/StepTypeRegistry.h"
#include "sequences/YamlReader.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::sequences {

/// @brief Reads step lists (setup, main, cleanup, sub-sequence and for_each bodies) into Steps. Structural problems
/// (unknown type or field, wrong value kinds, missing required fields) are reported through the YamlReader; the
/// semantic ones (roles, methods, variables, units) are the validator's.
class StepLoader {
public:
    /// @brief @p baseDirectory: the sequence file's folder, against which a prompt's `image:` is resolved.
    StepLoader(YamlReader& reader, const StepTypeRegistry* customTypes, std::string baseDirectory = ".");

    std::vector<Step> readSteps(const YAML::Node& list, std::string_view what);

private:
    std::optional<Step> readStep(const YAML::Node& node);
    void readCommon(const YamlReader::Fields& f, Step& step);
    void readTypeFields(const YamlReader::Fields& f, Step& step);
    void readRetry(const YAML::Node& node, RetryPolicy& retry);
    void readOverride(const YAML::Node& node, Step& step);

    std::optional<InstrumentCall> readCall(const YamlReader::Fields& f, const char* key, std::string_view what);
    std::vector<Argument> readArgs(const YAML::Node& node, std::string_view what);
    std::optional<Argument> readArgument(const YamlReader::Fields::Entry& entry);
    std::optional<MeasurementSpec> readMeasurement(const YAML::Node& node, StepType type);
    std::optional<LaneSpec> readLanes(const YAML::Node& node);

    void readMeasurements(const YamlReader::Fields& f, Step& step);
    void readPassFail(const YamlReader::Fields& f, Step& step);
    void readString(const YamlReader::Fields& f, Step& step);
    void readWaitUntil(const YamlReader::Fields& f, Step& step);
    void readForEach(const YamlReader::Fields& f, Step& step);
    void readSweep(const YamlReader::Fields& f, Step& step);
    void readPrompt(const YamlReader::Fields& f, Step& step);

    /// @brief Reports "@p what needs '@p key'" at @p where when @p key is absent; true when present.
    bool require(const YamlReader::Fields& f, const char* key, const core::SourceLocation& where,
                 std::string_view what);
    std::optional<Expression> expressionField(const YamlReader::Fields& f, const char* key, std::string_view what);

    YamlReader& m_reader;
    const StepTypeRegistry* m_customTypes;
    std::string m_baseDirectory;
    std::string m_stepLabel; ///< "measure step 'Tx power'"
};

} // namespace optiqual::sequences
