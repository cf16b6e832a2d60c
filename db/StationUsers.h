#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::db {

class Connection;

/// @brief What a signed-in user may do at the panel, each role including the ones before it: an operator scans and
/// answers prompts; a technician also drives instruments by hand; an engineer also overrides run modes and limits.
enum class Role { Operator = 0, Technician = 1, Engineer = 2 };

/// @brief "operator", "technician" or "engineer".
std::string_view toString(Role role);
/// @brief The role named @p text (as toString() writes it), or std::nullopt.
std::optional<Role> parseRole(std::string_view text);

/// @brief A password as libsodium's crypto_pwhash_str stores it (Argon2id with the interactive limits: a memory-hard
/// hash with its own salt and parameters). Takes about a tenth of a second and 64 MiB: never on the UI thread.
std::string hashPassword(std::string_view password);
/// @brief Whether @p password is the one @p hash was made from (crypto_pwhash_str_verify).
bool passwordMatches(std::string_view hash, std::string_view password);

/// @brief The station's users (table `users`, schema version 6): a name, a role and the password's hash.
class StationUsers {
public:
    explicit StationUsers(Connection& connection) : m_connection(connection) {}

    /// @brief Adds user @p name with @p role. Throws std::invalid_argument for an empty or over-long name or an
    /// empty password, and DbError(Constraint) when the name is taken.
    void add(const std::string& name, Role role, std::string_view password);
    /// @brief How many users there are (none: the panel runs without sign-in).
    static std::int64_t count(const Connection& connection);
    /// @brief The role of @p name when @p password is theirs, std::nullopt for an unknown name or a wrong password.
    static std::optional<Role> verify(const Connection& connection, const std::string& name, std::string_view password);

private:
    Connection& m_connection;
};

} // namespace optiqual::db
