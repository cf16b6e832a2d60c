#include "sequences/SequenceFile.h"
#include "sequences/SequenceLoader.h"
#include "station/InstrumentMethods.h"
#include "station/StationConfigValidator.h"
#include "station/cli/Commands.h"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace optiqual::station::cli {

namespace {

/// What a file is, from its top-level keys: a station has `station:`, a separate limits file only `limits:` (and
/// perhaps a `description:`, docs/sequences.md); anything else is checked as a sequence.
enum class FileKind { Station, Limits, Sequence };
FileKind kindOf(const std::string& file) {
    std::ifstream in(file);
    std::string line;
    bool limits = false;
    bool other = false;
    while (std::getline(in, line)) {
        if (line.rfind("station:", 0) == 0)
            return FileKind::Station;
        if (line.rfind("limits:", 0) == 0)
            limits = true;
        else if (line.rfind("description:", 0) == 0)
            continue;
        else if (!line.empty() && std::isalpha(static_cast<unsigned char>(line[0])))
            other = true;
    }
    return limits && !other ? FileKind::Limits : FileKind::Sequence;
}

} // namespace

int runCheck(const std::vector<std::string>& files) {
    int problems = 0;
    for (const auto& file : files) {
        const FileKind kind = kindOf(file);
        if (kind != FileKind::Station) {
            std::vector<core::Diagnostic> found;
            if (kind == FileKind::Limits)
                sequences::SequenceLoader().loadLimitsFile(file, found);
            else
                found = sequences::checkSequenceFile(file, InstrumentMethods::builtin());
            for (const auto& d : found) {
                std::printf("%s\n", d.format().c_str());
                ++problems;
            }
            continue;
        }
        try {
            loadValidatedStationConfig(file);
        } catch (const core::InputError& e) {
            for (const auto& d : e.diagnostics())
                std::printf("%s\n", d.format().c_str());
            problems += int(e.diagnostics().size());
        }
    }
    if (problems == 0) {
        std::printf("%zu file%s OK\n", files.size(), files.size() == 1 ? "" : "s");
        return kExitOk;
    }
    std::printf("%d problem%s\n", problems, problems == 1 ? "" : "s");
    return kExitBadInput;
}

} // namespace optiqual::station::cli
