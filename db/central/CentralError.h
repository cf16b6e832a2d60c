#pragma once
#include <stdexcept>
#include <string>

namespace optiqual::db::central {

/// @brief A failure talking to the central PostgreSQL store. rejected(): the server refused this data (a value or
/// a constraint: SQLSTATE classes 22 and 23), so sending it again cannot help and it goes to quarantine. Otherwise
/// the trouble is the connection or the server (down, its schema or grants wrong) and a later attempt may succeed.
class CentralError : public std::runtime_error {
public:
    CentralError(std::string sqlstate, const std::string& message);

    /// @brief The five-character SQLSTATE, "" when the failure did not come from the server (no connection).
    const std::string& sqlstate() const { return m_sqlstate; }
    bool rejected() const;

private:
    std::string m_sqlstate;
};

} // namespace optiqual::db::central
