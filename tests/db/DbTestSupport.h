#pragma once
#include "db/Records.h"

#include <filesystem>
#include <string>

namespace optiqual::db::test {

/// @brief A fresh directory under the system temp dir, removed with everything in it at scope end.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

/// @brief A run start with plausible station, unit, sequence and one instrument.
RunStart sampleRunStart(const std::string& serial, TimePoint startedAt, const std::string& partNumber = "XPO-800G-DR8",
                        const std::string& station = "xpo-line-1", int socket = 1);
/// @brief A numeric step with @p measurements GELE measurements named m0…, all passing unless @p fail.
StepRecord sampleStep(RunHandle run, const std::string& path, int measurements, bool fail = false,
                      TimePoint startedAt = {});
/// @brief 2026-11-02 00:00:00 UTC plus @p seconds.
TimePoint at(double seconds);

} // namespace optiqual::db::test
