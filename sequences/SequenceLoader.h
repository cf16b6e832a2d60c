#pragma once
#include "core/Diagnostic.h"
#include "sequences/Sequence.h"
#include "sequences/StepTypeRegistry.h"

#include <string>
#include <vector>

namespace YAML {
class Node;
}

namespace optiqual::sequences {

class YamlReader;

/// @brief Reads sequence files (YAML, format in docs/sequences.md) into the Sequence model, recording where every
/// value was written. Problems are collected as diagnostics — all of them, not just the first — and the returned
/// Sequence holds whatever could be read. Semantic checks (instrument roles and methods, variables, units, limits
/// per part number, sub-sequence calls) are SequenceValidator's; loadSequence() runs both.
class SequenceLoader {
public:
    /// @brief @p customTypes (may be null) lists the custom step types `type:` may name besides the built-ins.
    explicit SequenceLoader(const StepTypeRegistry* customTypes = nullptr);

    /// @brief Reads @p path and the limits file it names (relative to the sequence file's folder).
    Sequence loadFile(const std::string& path, std::vector<core::Diagnostic>& diagnostics) const;
    /// @brief Reads sequence text; @p file names it in diagnostics; `limits_file:` is resolved against
    /// @p baseDirectory.
    Sequence loadText(const std::string& text, const std::string& file, std::vector<core::Diagnostic>& diagnostics,
                      const std::string& baseDirectory = ".") const;
    /// @brief Reads a limits file: a mapping with a `limits:` list (and an optional description).
    std::vector<LimitSet> loadLimitsFile(const std::string& path, std::vector<core::Diagnostic>& diagnostics) const;

    /// @brief The diagnostic for a YAML syntax error. An unclosed `[` or `{` is reported where it was opened
    /// (yaml-cpp notices it only at the next line, or at the end of the file).
    static core::Diagnostic syntaxError(const std::string& file, const std::string& text, int line, int column,
                                        const std::string& message);

private:
    std::vector<Parameter> readParameters(YamlReader& reader, const YAML::Node& node, const std::string& what) const;

    const StepTypeRegistry* m_customTypes;
};

} // namespace optiqual::sequences
