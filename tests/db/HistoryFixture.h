#pragma once
#include <filesystem>
#include <memory>

namespace optiqual::db::test {

/// @brief Writes, with the station's real ResultWriter, six runs into @p file (times: db::test::at(seconds)):
///   t=0   XPO-A1  XPO-800G-DR8  PASS
///   t=100 XPO-A2  XPO-800G-DR8  FAIL   main/optics/tx_power: m0
///   t=200 XPO-A2  XPO-800G-DR8  PASS   (the retest)
///   t=300 QSFP-B1 QSFP-100G     ERROR  main/power: PSU did not reach 3.3 V
///   t=400 QSFP-B2 QSFP-100G     ABORTED
///   t=500 XPO-A3  XPO-800G-DR8  PASS
void writeHistory(const std::filesystem::path& file);

/// @brief Holds an exclusive lock on a results database (locking_mode EXCLUSIVE and a write transaction) until
/// destroyed: every other connection reads "database is locked".
class DatabaseLock {
public:
    explicit DatabaseLock(const std::filesystem::path& file);
    ~DatabaseLock();
    DatabaseLock(const DatabaseLock&) = delete;
    DatabaseLock& operator=(const DatabaseLock&) = delete;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace optiqual::db::test
