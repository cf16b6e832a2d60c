#pragma once
#include <stdexcept>
#include <string>
#include <vector>

namespace optiqual::core {

/// @brief A place in an input file; line and column are 1-based (0 = unknown).
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};

/// @brief One problem found in an input file, printed as `file:line:column: message` (the form compilers use,
/// so editors jump to it).
struct Diagnostic {
    SourceLocation where;
    std::string message;

    std::string format() const;
};

/// @brief Thrown when an input file (sequence, station configuration, limits) has problems; carries all of
/// them, not just the first. what() is every diagnostic, one per line.
class InputError : public std::runtime_error {
public:
    explicit InputError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }

private:
    std::vector<Diagnostic> m_diagnostics;
};

} // namespace optiqual::core
