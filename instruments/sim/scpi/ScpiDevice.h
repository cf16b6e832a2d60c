#pragma once
#include "instruments/sim/scpi/LineDevice.h"
#include "instruments/sim/scpi/ScpiCommandTree.h"
#include "instruments/sim/scpi/ScpiErrorQueue.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief How a simulated SCPI instrument words its status replies; the defaults are plain SCPI-99.
struct ScpiDeviceOptions {
    std::size_t errorQueueCapacity = 20;
    /// Keysight style: the NR1 replies of the built-ins (`SYST:ERR?` codes, `SYST:ERR:COUN?`, `*ESR?`, `*ESE?`,
    /// `*SRE?`, `*STB?`, `*TST?`) carry an explicit '+', e.g. `+0,"No error"`.
    bool signedNr1 = false;
    /// Keysight style: an error with a detail reads `-222,"Data out of range;<detail>"`.
    bool errorDetail = false;
    /// Start with ESR bit 7 (power on) set, as a freshly powered instrument does.
    bool powerOnEvent = false;
};

/// @brief Base of every simulated SCPI instrument: parses IEEE 488.2 / SCPI-99 program messages, dispatches
/// them to the commands a derived simulator registers, and keeps the 488.2 status registers and the SCPI
/// error queue.
///
/// Message processing:
/// - a message is split into units on `;` outside strings, blocks and channel lists; units are processed in
///   order and every query's reply is joined with `;` into one response line;
/// - each message starts at the root; a unit without a leading `:` is resolved against the typed path of the
///   previous unit minus its last node (`MEAS:VOLT?;CURR?` is `MEAS:CURR?`); a leading `:` resets to the
///   root; common (`*`) commands leave the path alone;
/// - a command error (-1xx: bad header, undefined header, wrong parameter count, or a -1xx a handler throws
///   while decoding parameters) pushes the error and skips the rest of the message, as real instruments
///   do; an execution/device/query error (-2xx, -3xx, -4xx, positive) a handler throws is pushed and
///   processing continues with the next unit. A query that failed contributes no response.
/// - a handler throwing anything else is a simulator bug: reported as -300 with the exception's text as
///   detail; a query handler returning without a reply is reported the same way.
///
/// Built in: `*IDN? *RST *CLS *OPC *OPC? *WAI *ESR? *ESE *ESE? *STB? *SRE *SRE? *TST?`,
/// `SYSTem:ERRor[:NEXT]?`, `SYSTem:ERRor:COUNt?` and `SYSTem:ERRor:ALL?`. Not modelled: the output queue
/// (so no -410/-420 and STB bit 4 MAV always 0) and pending operations (`*OPC` completes at once).
/// Single-threaded, like every LineDevice.
class ScpiDevice : public LineDevice {
public:
    explicit ScpiDevice(std::string idn, ScpiDeviceOptions options = {});
    // Registered handlers capture `this`: a copy would drive the original's state.
    ScpiDevice(const ScpiDevice&) = delete;
    ScpiDevice& operator=(const ScpiDevice&) = delete;

    std::optional<std::string> handleMessage(std::string_view message) override;
    /// @brief Pushes `<code>,"<text>"` verbatim (the standard text when @p text is empty) and sets the ESR
    /// bit of the code's class.
    void injectError(int code, std::string_view text) override;

    const std::string& idn() const { return m_idn; }
    const ScpiDeviceOptions& options() const { return m_options; }
    std::size_t errorCount() const { return m_errors.size(); }
    /// @brief The Standard Event Status Register, without clearing it (`*ESR?` clears).
    int eventStatusRegister() const { return m_esr; }
    /// @brief The status byte as `*STB?` reports it.
    int statusByte() const;

protected:
    /// @brief Registers a command; see ScpiCommandTree for the pattern syntax. A unit with fewer than
    /// @p minParams parameters gets -109 Missing parameter, more than @p maxParams -108 Parameter not
    /// allowed, both before @p handler runs. Throws std::invalid_argument for a bad or clashing pattern.
    void addCommand(std::string_view pattern, std::size_t minParams, std::size_t maxParams, ScpiHandler handler);

    /// @brief Pushes error @p code with its standard text (see ScpiError for positive codes); @p detail is
    /// shown only with ScpiDeviceOptions::errorDetail. Sets the ESR bit of the code's class.
    void pushError(int code, std::string detail = {});

    /// @brief Sets Standard Event Status Register bits (e.g. bit 6 user request).
    void setEventStatusBits(int bits) { m_esr = static_cast<std::uint8_t>(m_esr | bits); }

    /// @brief `*RST`: return to the default state. Status registers and the error queue are not touched.
    virtual void reset() {}
    void powerOnReset() override { reset(); }
    /// @brief `*TST?`: 0 means pass.
    virtual int selfTest() { return 0; }
    /// @brief `*CLS` after the base cleared ESR and the error queue: clear the simulator's own event registers.
    virtual void clearStatus() {}
    /// @brief Status byte bits the simulator owns: bit 3 QUES and bit 7 OPER summaries (bits 0 and 1 are
    /// free for instrument use). Other bits in the result are ignored.
    virtual int statusSummaryBits() const { return 0; }

private:
    bool processUnit(std::string_view header, std::string& response, bool& haveResponse);
    void pushEntry(int code, std::string_view text, std::string_view detail);
    std::string formatEntry(const ScpiErrorEntry& entry) const;
    std::string nr1(long long value) const;
    void registerBuiltins();

    std::string m_idn;
    ScpiDeviceOptions m_options;
    ScpiCommandTree m_tree;
    ScpiErrorQueue m_errors;
    std::uint8_t m_esr = 0;
    std::uint8_t m_ese = 0;
    std::uint8_t m_sre = 0;

    // Reused per message so the hot path does not allocate once warmed up. Views into the current message.
    std::vector<std::string_view> m_params;
    std::vector<std::string_view> m_path;
    std::vector<std::string_view> m_keywords;
};

} // namespace optiqual::instruments::sim
