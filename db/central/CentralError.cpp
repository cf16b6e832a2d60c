#include "db/central/CentralError.h"

#include <utility>

namespace optiqual::db::central {

CentralError::CentralError(std::string sqlstate, const std::string& message)
    : std::runtime_error(message), m_sqlstate(std::move(sqlstate)) {}

bool CentralError::rejected() const {
    // Class 22 data exception, 23 integrity constraint violation, 42 syntax error or access rule violation
    // (PostgreSQL manual, Appendix A). 40 (serialization), 53 (resources), 57 (shutdown), 08 (connection) retry.
    const std::string cls = m_sqlstate.substr(0, 2);
    return cls == "22" || cls == "23" || cls == "42";
}

} // namespace optiqual::db::central
