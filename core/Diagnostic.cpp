#include "core/Diagnostic.h"

namespace optiqual::core {

std::string Diagnostic::format() const {
    std::string out = where.file.empty() ? std::string("<input>") : where.file;
    if (where.line > 0) {
        out += ":" + std::to_string(where.line);
        if (where.column > 0)
            out += ":" + std::to_string(where.column);
    }
    return out + ": " + message;
}

namespace {
std::string joinDiagnostics(const std::vector<Diagnostic>& diagnostics) {
    std::string text;
    for (const auto& d : diagnostics) {
        if (!text.empty())
            text += "\n";
        text += d.format();
    }
    return text;
}
} // namespace

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(joinDiagnostics(diagnostics)), m_diagnostics(std::move(diagnostics)) {}

} // namespace optiqual::core
