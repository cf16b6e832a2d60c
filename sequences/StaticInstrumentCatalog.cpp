#include "sequences/StaticInstrumentCatalog.h"

namespace optiqual::sequences {

void StaticInstrumentCatalog::addClass(std::string_view instrumentClass) {
    if (m_classes.find(instrumentClass) == m_classes.end())
        m_classes.emplace(std::string(instrumentClass), std::map<std::string, MethodSignature, std::less<>>{});
}

void StaticInstrumentCatalog::add(std::string_view instrumentClass, MethodSignature signature) {
    addClass(instrumentClass);
    auto& methods = m_classes.find(instrumentClass)->second;
    std::string name = signature.name;
    methods.insert_or_assign(std::move(name), std::move(signature));
}

std::vector<std::string> StaticInstrumentCatalog::classes() const {
    std::vector<std::string> out;
    for (const auto& [name, methods] : m_classes)
        out.push_back(name);
    return out;
}

const MethodSignature* StaticInstrumentCatalog::method(std::string_view instrumentClass,
                                                       std::string_view methodName) const {
    auto c = m_classes.find(instrumentClass);
    if (c == m_classes.end())
        return nullptr;
    auto m = c->second.find(methodName);
    return m == c->second.end() ? nullptr : &m->second;
}

std::vector<std::string> StaticInstrumentCatalog::methods(std::string_view instrumentClass) const {
    std::vector<std::string> out;
    if (auto c = m_classes.find(instrumentClass); c != m_classes.end())
        for (const auto& [name, signature] : c->second)
            out.push_back(name);
    return out;
}

} // namespace optiqual::sequences
