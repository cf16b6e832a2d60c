#pragma once
#include "instruments/ScpiSession.h"

#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>
#include <string_view>

namespace optiqual::instruments {

/// @brief The instrument classes a sequence's roles can ask for.
enum class InstrumentClass {
    PowerSupply,
    ThermalChamber,
    Chiller,
    OpticalPowerMeter,
    VariableOpticalAttenuator,
    OpticalSwitch,
    DataAcquisition,
    ModuleFixture,
    EngineBoard,
};

const char* toString(InstrumentClass c);

/// @brief Base of every driver: a named instrument reached through one ScpiSession (held by composition).
///
/// Construction does no I/O. connect() opens the session, identifies the instrument (`*IDN?` or the
/// protocol's equivalent), checks it is the model the driver expects and empties its error queue.
/// safeState() puts the instrument where an abort must leave it (outputs off, chamber at ambient…); it is
/// called after every run, including aborted ones, and must be idempotent.
class Instrument {
public:
    Instrument(std::string model, std::unique_ptr<ScpiSession> session);
    virtual ~Instrument() = default;
    Instrument(const Instrument&) = delete;
    Instrument& operator=(const Instrument&) = delete;

    const std::string& name() const { return m_session->name(); }
    /// @brief The driver's model key, e.g. "E36312A".
    const std::string& model() const { return m_model; }
    virtual InstrumentClass instrumentClass() const = 0;

    boost::asio::awaitable<void> connect();
    virtual boost::asio::awaitable<void> safeState() = 0;

    /// @brief What connect() read from the instrument.
    const Identity& identity() const { return m_identity; }
    ScpiSession& session() { return *m_session; }

protected:
    /// @brief Reads the identity; SCPI drivers use `*IDN?`, text protocols override.
    virtual boost::asio::awaitable<Identity> readIdentity();
    /// @brief Checks the identity names a model this driver supports; default: the model string contains
    /// model() (case-insensitive). Throws InstrumentError(Configuration) otherwise.
    virtual void checkIdentity(const Identity& id) const;
    /// @brief Driver-specific set-up after identification (e.g. selecting watts as the power unit).
    virtual boost::asio::awaitable<void> afterConnect();

    /// @brief Throws InstrumentError(Configuration) naming this instrument (bad channel, value out of the
    /// model's range, unsupported feature) before anything is sent.
    [[noreturn]] void reject(std::string_view command, const std::string& why) const;
    /// @brief Checks 1 ≤ @p channel ≤ @p count.
    void checkChannel(std::string_view what, int channel, int count) const;

private:
    std::string m_model;
    std::unique_ptr<ScpiSession> m_session;
    Identity m_identity;
};

} // namespace optiqual::instruments
