#include "station/Scope.h"

namespace optiqual::station {

const Value* Scope::find(std::string_view name) const {
    for (const Scope* s = this; s; s = s->m_parent) {
        auto it = s->m_values.find(name);
        if (it != s->m_values.end())
            return &it->second;
    }
    return nullptr;
}

std::optional<double> Scope::number(std::string_view name) const {
    const Value* v = find(name);
    if (!v)
        return std::nullopt;
    if (auto* d = std::get_if<double>(v))
        return *d;
    if (auto* b = std::get_if<bool>(v))
        return *b ? 1.0 : 0.0;
    return std::nullopt;
}

} // namespace optiqual::station
