#pragma once
#include "core/Diagnostic.h"
#include "sequences/InstrumentCatalog.h"
#include "sequences/Sequence.h"
#include "sequences/SequenceValidator.h"

#include <string>
#include <vector>

namespace optiqual::sequences {

/// @brief Loads @p path (SequenceLoader), fills the units it leaves to the catalog (resolveUnits) and validates it
/// (SequenceValidator). Throws core::InputError carrying every diagnostic — the loader's (YAML syntax, structure)
/// first, then the validator's, each group in file order — so the first one is the root problem.
Sequence loadSequence(const std::string& path, const InstrumentCatalog& catalog, const ValidationOptions& options = {});

/// @brief What `optiqual check FILE` reports: the diagnostics of loadSequence(), none when the file is valid.
std::vector<core::Diagnostic> checkSequenceFile(const std::string& path, const InstrumentCatalog& catalog,
                                                const ValidationOptions& options = {});

/// @brief Makes implicit units explicit for the engine: a measurement without `unit:` is in its method's return
/// unit, a wait_until without `unit:` in its read method's. Calls the catalog cannot resolve are left alone.
void resolveUnits(Sequence& sequence, const InstrumentCatalog& catalog);

} // namespace optiqual::sequences
