#pragma once
#include <exception>
#include <functional>
#include <string_view>

namespace optiqual::station::cli {

/// @brief The exit code for an exception that reached a command's edge: kExitBadInput (64) for bad input — a
/// file's problems (core::InputError), a bad resource string, model or setting (InstrumentError Configuration),
/// malformed YAML, std::invalid_argument and std::out_of_range from parsing a value — and kExitError (2) for
/// everything else (instrument, database and operating-system failures, exhausted memory, unknown exceptions).
int exitCodeFor(const std::exception_ptr& error);

/// @brief Runs the command @p name and turns every exception that escapes it into one message on standard
/// error (`optiqual <name>: <what>`) and exitCodeFor()'s code, so no input ever ends the program through
/// std::terminate. Every command of `optiqual` runs through it.
int runGuarded(std::string_view name, const std::function<int()>& command) noexcept;

} // namespace optiqual::station::cli
