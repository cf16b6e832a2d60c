#pragma once
#include "instruments/Instrument.h"
#include "sequences/InstrumentCatalog.h"
#include "station/Value.h"

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace optiqual::station {

/// @brief Calls a method on an instrument with arguments already checked against its signature.
using MethodInvoker = std::function<boost::asio::awaitable<Value>(instruments::Instrument&, std::vector<Value>)>;

/// @brief The instrument methods sequences may call, by class: the catalog validation checks sequences
/// against, and the table the engine dispatches through. One entry per method of the instrument-class
/// interfaces (`instruments/PowerSupply.h` …), named exactly as the C++ method and its parameters.
class InstrumentMethods : public sequences::InstrumentCatalog {
public:
    struct Entry {
        sequences::MethodSignature signature;
        MethodInvoker invoke;
    };

    std::vector<std::string> classes() const override;
    const sequences::MethodSignature* method(std::string_view instrumentClass, std::string_view name) const override;
    std::vector<std::string> methods(std::string_view instrumentClass) const override;

    const Entry* find(std::string_view instrumentClass, std::string_view name) const;
    /// @brief Invokes @p name on @p instrument; throws InstrumentError(Configuration) for an unknown method
    /// or arguments of the wrong kind (validation normally catches both first).
    boost::asio::awaitable<Value> call(instruments::Instrument& instrument, std::string_view name,
                                       std::vector<Value> args) const;

    void add(instruments::InstrumentClass instrumentClass, sequences::MethodSignature signature, MethodInvoker invoke);

    /// @brief Every method of the built-in instrument classes.
    static const InstrumentMethods& builtin();

private:
    std::map<std::string, std::map<std::string, Entry, std::less<>>, std::less<>> m_classes;
};

} // namespace optiqual::station
