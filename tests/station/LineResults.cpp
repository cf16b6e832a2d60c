#include "tests/station/LineResults.h"

#include "db/Connection.h"
#include "sequences/Verdict.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>

namespace optiqual::test {

LineTest::LineTest(const std::string& sequence, double fastScale) {
    options.sequence = (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / sequence).string();
    options.db = (dir / "results.db").string();
    options.autoAnswer = true;
    options.timeScale = lineTimeScale(fastScale);
}

void LineTest::useStation(const std::string& file, const std::string& simulation) {
    const auto path = dir / file;
    std::ofstream(path) << fastStation(file, simulation);
    options.station = path.string();
}

std::vector<LineResult> readLineResults(const std::string& db) {
    using sequences::Verdict;
    auto c = db::Connection::open(db, db::OpenAccess::ReadOnly);
    std::vector<LineResult> out;
    auto runs = c.prepare("SELECT r.id, u.serial, r.outcome FROM run r JOIN unit u ON u.id = r.unit_id ORDER BY r.id");
    while (runs.step()) {
        LineResult r{runs.getText(1), int(runs.getInt(2)), {}, {}};
        auto m = c.prepare("SELECT d.name, m.outcome FROM measurement m JOIN measurement_def d ON d.id = m.def_id "
                           "WHERE m.run_id = ?1 ORDER BY m.seq");
        m.bind(1, runs.getInt(0));
        while (m.step()) {
            if (m.getInt(1) != int(Verdict::Fail))
                continue;
            if (r.firstFailure.empty())
                r.firstFailure = m.getText(0);
            r.failing.insert(m.getText(0));
        }
        if (r.firstFailure.empty()) {
            // A pass_fail step records no measurement: its step is what failed.
            auto s = c.prepare("SELECT d.name FROM step s JOIN step_def d ON d.id = s.step_def_id "
                               "WHERE s.run_id = ?1 AND s.outcome = ?2 AND d.type = 'pass_fail' ORDER BY s.seq");
            s.bind(1, runs.getInt(0));
            s.bind(2, std::int64_t(Verdict::Fail));
            if (s.step()) {
                r.firstFailure = s.getText(0);
                r.failing.insert(r.firstFailure);
            }
        }
        out.push_back(std::move(r));
    }
    return out;
}

std::pair<double, double> judgedLimit(const std::string& db, const std::string& serial,
                                      const std::string& measurement) {
    auto c = db::Connection::open(db, db::OpenAccess::ReadOnly);
    auto st = c.prepare("SELECT d.low, d.high FROM measurement m JOIN measurement_def d ON d.id = m.def_id "
                        "JOIN run r ON r.id = m.run_id JOIN unit u ON u.id = r.unit_id "
                        "WHERE u.serial = ?1 AND d.name = ?2 LIMIT 1");
    st.bind(1, serial);
    st.bind(2, measurement);
    EXPECT_TRUE(st.step()) << serial << " has no " << measurement;
    return {st.getDouble(0), st.getDouble(1)};
}

double lineTimeScale(double fast) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return fast / 5;
#else
    return fast;
#endif
}

std::string fastStation(const std::string& file, const std::string& simulation) {
    std::ifstream in(std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "station/configs" / file);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    text = std::regex_replace(text, std::regex("time_scale: *[0-9.]+"),
                              "time_scale: " + std::to_string(lineTimeScale(5000)));
    text = std::regex_replace(text, std::regex("settings: \\{ambient_setpoint: 25\\}"),
                              "settings: {ambient_setpoint: 25, command_spacing: 0ms}");
    const auto at = text.find("\nsimulation:");
    if (at != std::string::npos)
        text.erase(at + 1, text.find("\n\n", at + 1) - at);
    return text + "\nsimulation:\n" + simulation;
}

PlantedDefects plantDefects(const std::string& prefix, const std::vector<std::pair<std::string, std::string>>& table) {
    PlantedDefects out;
    out.section = "  planted_defects:\n";
    for (std::size_t i = 0; i < table.size(); ++i) {
        const std::string serial = prefix + std::to_string(i + 1);
        out.section += "    " + serial + ": [" + table[i].first + "]\n";
        out.serials.push_back(serial);
        out.catchesIt[serial] = table[i].second;
    }
    return out;
}

void expectEachFailsOnlyWhereCaught(const std::vector<LineResult>& runs, const PlantedDefects& planted) {
    ASSERT_EQ(runs.size(), planted.serials.size());
    for (const auto& run : runs) {
        const auto it = planted.catchesIt.find(run.serial);
        ASSERT_NE(it, planted.catchesIt.end()) << run.serial << " was not planted";
        SCOPED_TRACE(run.serial + " (" + it->second + ")");
        EXPECT_EQ(run.outcome, int(sequences::Verdict::Fail));
        EXPECT_EQ(run.firstFailure, it->second);
        EXPECT_EQ(run.failing, std::set<std::string>{it->second}) << "nothing else fails";
    }
}

} // namespace optiqual::test
