#include "db/StationUsers.h"

#include "db/Connection.h"
#include "db/TimeText.h"

#include <array>
#include <sodium/core.h>
#include <sodium/crypto_pwhash.h>
#include <stdexcept>

namespace optiqual::db {

namespace {

constexpr std::array<std::string_view, 3> kRoles{"operator", "technician", "engineer"};
constexpr std::size_t kMaxName = 64;

void initSodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready)
        throw std::runtime_error("libsodium could not initialize");
}

} // namespace

std::string_view toString(Role role) {
    return kRoles.at(static_cast<std::size_t>(role));
}

std::optional<Role> parseRole(std::string_view text) {
    for (std::size_t i = 0; i < kRoles.size(); ++i)
        if (kRoles[i] == text)
            return static_cast<Role>(i);
    return std::nullopt;
}

std::string hashPassword(std::string_view password) {
    initSodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str(out.data(), password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("cannot hash the password: out of memory (crypto_pwhash needs 64 MiB)");
    return std::string(out.data());
}

bool passwordMatches(std::string_view hash, std::string_view password) {
    initSodium();
    const std::string text(hash); // crypto_pwhash_str_verify reads a NUL-terminated string
    return crypto_pwhash_str_verify(text.c_str(), password.data(), password.size()) == 0;
}

void StationUsers::add(const std::string& name, Role role, std::string_view password) {
    if (name.empty() || name.size() > kMaxName)
        throw std::invalid_argument("a user name has 1 to 64 characters");
    if (password.empty())
        throw std::invalid_argument("the password is empty");
    // Hashed before the statement: the slow part holds no lock on the database.
    const std::string hash = hashPassword(password);
    auto st = m_connection.prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, name).bind(2, toString(role)).bind(3, hash).bind(4, nowMicros());
    st.run();
}

std::int64_t StationUsers::count(const Connection& connection) {
    return connection.queryInt("SELECT count(*) FROM users");
}

std::optional<Role> StationUsers::verify(const Connection& connection, const std::string& name,
                                         std::string_view password) {
    auto st = connection.prepare("SELECT role, password_hash FROM users WHERE name = ?1");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    const auto role = parseRole(st.getText(0));
    if (!role || !passwordMatches(st.getText(1), password))
        return std::nullopt;
    return role;
}

} // namespace optiqual::db
