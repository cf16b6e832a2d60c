#include "instruments/DriverRegistry.h"

#include <algorithm>

namespace optiqual::instruments {

namespace {
std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::toupper(c)); });
    return out;
}
} // namespace

void DriverRegistry::add(DriverEntry entry) {
    auto key = upper(entry.model);
    m_entries[key] = std::move(entry);
}

const DriverEntry* DriverRegistry::find(std::string_view model) const {
    auto it = m_entries.find(upper(model));
    return it == m_entries.end() ? nullptr : &it->second;
}

std::vector<const DriverEntry*> DriverRegistry::entries() const {
    std::vector<const DriverEntry*> out;
    for (const auto& [key, entry] : m_entries)
        out.push_back(&entry);
    return out;
}

std::string DriverRegistry::modelList() const {
    std::string out;
    for (const auto& [key, entry] : m_entries)
        out += (out.empty() ? "" : ", ") + entry.model;
    return out;
}

std::unique_ptr<Instrument> DriverRegistry::create(std::string_view model, const boost::asio::any_io_executor& executor,
                                                   const ResourceString& resource, SessionOptions options) const {
    const DriverEntry* entry = find(model);
    if (!entry)
        throw InstrumentError(InstrumentErrorKind::Configuration, options.name, "",
                              "unknown instrument model '" + std::string(model) + "' (known: " + modelList() + ")");
    auto session = std::make_unique<ScpiSession>(executor, resource, std::move(options));
    return entry->factory(entry->model, std::move(session));
}

const DriverRegistry& builtinDrivers() {
    static const DriverRegistry registry = [] {
        DriverRegistry r;
        registerBuiltinDrivers(r);
        return r;
    }();
    return registry;
}

} // namespace optiqual::instruments
