#pragma once
#include "instruments/Instrument.h"
#include "instruments/ResourceString.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments {

/// @brief Makes a driver for @p model around an (unopened) session.
using DriverFactory = std::function<std::unique_ptr<Instrument>(std::string_view model, std::unique_ptr<ScpiSession>)>;

/// @brief A known instrument model: its class and how to make its driver.
struct DriverEntry {
    std::string model;
    InstrumentClass instrumentClass;
    std::string description;
    DriverFactory factory;
};

/// @brief Model key → driver. Filled explicitly by registerBuiltinDrivers(); no static-initialisation tricks.
class DriverRegistry {
public:
    void add(DriverEntry entry);
    /// @brief Model keys compare case-insensitively.
    const DriverEntry* find(std::string_view model) const;
    std::vector<const DriverEntry*> entries() const;
    /// @brief Makes the driver; throws InstrumentError(Configuration) for an unknown model.
    std::unique_ptr<Instrument> create(std::string_view model, const boost::asio::any_io_executor& executor,
                                       const ResourceString& resource, SessionOptions options) const;
    /// @brief "E36312A, E36313A, …" for error messages.
    std::string modelList() const;

private:
    std::map<std::string, DriverEntry> m_entries; ///< keyed by upper-case model
};

/// @brief Registers every driver OptiQual ships.
void registerBuiltinDrivers(DriverRegistry& registry);
/// @brief A registry with the built-in drivers (made once, on first use).
const DriverRegistry& builtinDrivers();

} // namespace optiqual::instruments
