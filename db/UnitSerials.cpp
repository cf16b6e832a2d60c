#include "db/UnitSerials.h"

#include "db/Connection.h"
#include "db/Statement.h"

namespace optiqual::db {

SerialsTaken serialsStartingWith(const Connection& connection, const std::string& prefix) {
    SerialsTaken taken;
    if (prefix.empty()) {
        taken.count = connection.queryInt("SELECT count(*) FROM unit");
        return taken;
    }
    // [prefix, prefix with its last byte raised by one): every string that starts with prefix, and only those.
    std::string end = prefix;
    end.back() = static_cast<char>(static_cast<unsigned char>(end.back()) + 1);
    auto st = connection.prepare("SELECT count(*), coalesce(min(serial), '') FROM unit "
                                 "WHERE serial >= ?1 AND serial < ?2");
    st.bind(1, prefix).bind(2, end);
    if (st.step()) {
        taken.count = st.getInt(0);
        taken.first = st.getText(1);
    }
    return taken;
}

} // namespace optiqual::db
