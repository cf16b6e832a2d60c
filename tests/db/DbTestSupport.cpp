#include "tests/db/DbTestSupport.h"

#include <cstdlib>
#include <ctime>
#include <random>
#include <unistd.h>

namespace optiqual::db::test {

TempDir::TempDir() {
    std::random_device rd;
    m_path = std::filesystem::temp_directory_path() /
             ("optiqual-db-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, ec);
    std::filesystem::remove_all(m_path, ec);
}

TimePoint at(double seconds) {
    // 2026-11-02T00:00:00Z
    return TimePoint(std::chrono::seconds(1793577600)) +
           std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(seconds));
}

RunStart sampleRunStart(const std::string& serial, TimePoint startedAt, const std::string& partNumber,
                        const std::string& station, int socket) {
    RunStart s;
    s.station = {station, "host-" + station};
    s.unit = {serial, partNumber, "B", "XPO", "LOT-" + serial.substr(0, std::min<std::size_t>(serial.size(), 4))};
    s.socket = socket;
    s.operatorName = "alice";
    s.sequence = {"xpo-final", "1.4.0", "sha256:abc", "steps: []\n"};
    s.limitSet = LimitSetInfo{"xpo-limits", "sha256:lim", "tx_power: [-3, 3]"};
    s.startedAt = startedAt;
    s.instruments.push_back({"psu", "E36313A", "Keysight Technologies,E36313A,MY123,2.1.0", "MY123", "2.1.0",
                             std::string("2027-06-30"), "TCPIP0::127.0.0.1::5025::SOCKET"});
    return s;
}

StepRecord sampleStep(RunHandle run, const std::string& path, int measurements, bool fail, TimePoint startedAt) {
    StepRecord step;
    step.run = run;
    step.path = path;
    step.name = path.substr(path.rfind('/') + 1);
    step.type = "numeric_limit";
    step.startedAt = startedAt;
    step.duration = std::chrono::microseconds(1500);
    for (int i = 0; i < measurements; ++i) {
        sequences::Measurement m;
        m.name = "m" + std::to_string(i);
        m.limit.comparator = sequences::Comparator::GELE;
        m.limit.low = -1.0;
        m.limit.high = 1.0;
        m.limit.unit = "dBm";
        m.value = fail && i == 0 ? 2.0 : 0.01 * i;
        m.outcome = m.limit.judge(m.value);
        m.lane = i % 8;
        m.conditions = {{"temperature_c", 70.0}, {"vcc_v", 3.3}};
        step.measurements.push_back(std::move(m));
    }
    step.outcome = fail ? sequences::Verdict::Fail : sequences::Verdict::Pass;
    return step;
}

} // namespace optiqual::db::test

namespace {
/// Reports group by local day and shift: tests pin the time zone.
const bool kUtc = [] {
    setenv("TZ", "UTC", 1);
    tzset();
    return true;
}();
} // namespace
