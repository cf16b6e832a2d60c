#include "db/central/CentralError.h"

#include <utility>

namespace optiqual::db::central {

CentralError::CentralError(std::string sqlstate, const std::string& message)
    : std::runtime_error(message), m_sqlstate(std::move(sqlstate)) {}

bool CentralError::rejected() const {
    // Class 22 data exception and 23 integrity constraint violation (PostgreSQL manual, Appendix A) are about the
    // data sent. Everything else is about the server and passes once it is fixed: 08 connection, 40
    // serialization, 53 resources, 57 shutdown, and 42 too — an undefined table or column, a missing privilege is
    // the server's schema or its grants, not this run (found by a station sending to an out-of-date schema: it
    // quarantined good runs).
    const std::string cls = m_sqlstate.substr(0, 2);
    return cls == "22" || cls == "23";
}

} // namespace optiqual::db::central
