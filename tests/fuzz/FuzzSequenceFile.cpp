// Fuzz target: sequence files, loaded and validated against the station's instrument methods as `optiqual check`
// and `run` do. Whatever the text, the result is diagnostics with a line and column in the file — never an
// exception or a crash (issue 7 defects 3–5).
#include "sequences/SequenceLoader.h"
#include "sequences/SequenceValidator.h"
#include "station/InstrumentMethods.h"
#include "tests/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

using namespace optiqual;
using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        std::vector<core::Diagnostic> problems;
        const sequences::Sequence sequence =
            sequences::SequenceLoader().loadText(text, "fuzz.yaml", problems, "/nonexistent");
        if (problems.empty())
            problems = sequences::validate(sequence, station::InstrumentMethods::builtin());
        for (const core::Diagnostic& d : problems)
            require(!d.message.empty() && (d.where.file != "fuzz.yaml" || d.where.line >= 1),
                    "a diagnostic says what is wrong and on which line");
    } catch (const core::InputError& e) {
        // A file that cannot be read at all (not YAML, not a mapping): the documented refusal, with its place.
        require(!e.diagnostics().empty(), "an unreadable file says where");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "threw: %s\n", e.what());
        require(false, "a sequence file's problems are diagnostics, not exceptions");
    }
    return 0;
}
