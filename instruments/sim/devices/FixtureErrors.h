#pragma once
#include "instruments/sim/scpi/ScpiContext.h"
#include "instruments/sim/world/CmisModule.h"

#include <cstddef>
#include <string_view>

/// @file The error codes of the simulated XPO-HB1 module host board (docs/fixture.md §10) and the parameter
/// decoding its command handlers share (FixtureSimulator.cpp, FixtureSimulatorDiagnostics.cpp).

namespace optiqual::instruments::sim::fixture {

inline constexpr int kInvalidBlockData = -161;
inline constexpr int kSettingsConflict = -221;
inline constexpr int kDataOutOfRange = -222;
inline constexpr int kTooMuchData = -223;
inline constexpr int kIllegalParameterValue = -224;
inline constexpr int kInputBufferOverrun = -363;

inline constexpr int kModuleNotPresent = 201;
inline constexpr int kModuleNotReady = 202;
inline constexpr int kCmisNack = 203;
inline constexpr int kModuleNotPowered = 204;
inline constexpr int kPageNotImplemented = 205;
inline constexpr int kModuleStateInvalid = 206;
inline constexpr int kPatternNotSupported = 207;

inline constexpr const char* kModuleNotPresentText = "Module not present";
inline constexpr const char* kModuleNotReadyText = "Module not ready";
inline constexpr const char* kCmisNackText = "CMIS access NACK";
inline constexpr const char* kModuleNotPoweredText = "Module not powered";
inline constexpr const char* kPageNotImplementedText = "CMIS page not implemented";
inline constexpr const char* kModuleStateInvalidText = "Module state invalid";
inline constexpr const char* kPatternNotSupportedText = "Pattern not supported";

/// @brief Throws the board's error for a failed management-interface transaction (appendix B): NotPresent +201,
/// NotPowered +204, Busy +203, InvalidAddress +205. Ok and ReadOnlyIgnored (writes to read-only bytes are
/// acknowledged and ignored) return.
void throwForStatus(CmisStatus status);

/// @brief Parameter @p index as an integer (NR1, `#H..`, or any number, rounded) in @p min … @p max; −222 with a
/// detail naming @p name (`bank 8 > 7`) outside.
int integerParam(const ScpiContext& c, std::size_t index, std::string_view name, int min, int max);

} // namespace optiqual::instruments::sim::fixture
