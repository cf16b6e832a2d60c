// Values reach SQL only as bound parameters (issue 7): no statement text anywhere in the tree is built by splicing
// a value into it. The test reads every source file and flags the shapes a spliced value takes — a quoted SQL
// literal continued with `+` ("... = '" + serial + "'"), std::to_string beside SQL text, an fmt::format of SQL text
// with a placeholder other than a parameter number (`?{}`). Statement text assembled from fixed fragments (an
// optional index hint, a WHERE clause chosen from literals, `?N` placeholders numbered in a loop) is allowed.
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

/// The lines of @p text (named @p file) that splice a value into SQL text, as "file:line: text".
std::vector<std::string> splicedSql(const std::string& file, const std::string& text) {
    static const std::regex sqlWord(R"("[^"]*\b(SELECT|INSERT|UPDATE|DELETE|WHERE|VALUES|FROM|SET|LIMIT|AND|OR)\b)");
    static const std::regex quotedSplice(R"('"\s*\+)");                              // "... = '" + value
    static const std::regex quotedSpliceAfter(R"(\+\s*"')");                         // value + "' AND ..."
    static const std::regex toString(R"(std::to_string\s*\()");                      // "LIMIT " + std::to_string(n)
    static const std::regex formatHole(R"(fmt::format\s*\(\s*"[^"]*[^?]\{[^}]*\})"); // fmt::format("... {}", v)
    std::vector<std::string> found;
    std::istringstream in(text);
    std::string line;
    std::string previous;
    for (int n = 1; std::getline(in, line); ++n) {
        // A statement continued over two lines: judge the pair.
        const std::string pair = previous + "\n" + line;
        previous = line;
        if (!std::regex_search(pair, sqlWord))
            continue;
        if (std::regex_search(line, quotedSplice) || std::regex_search(line, quotedSpliceAfter) ||
            std::regex_search(line, toString) ||
            (std::regex_search(line, formatHole) && std::regex_search(line, sqlWord)))
            found.push_back(file + ":" + std::to_string(n) + ": " + line);
    }
    return found;
}

} // namespace

TEST(BoundParameters, TheDetectorFindsEachShapeOfASplicedValue) {
    EXPECT_EQ(
        splicedSql("a.cpp", R"x(auto st = c.prepare("SELECT * FROM unit WHERE serial = '" + serial + "'");)x").size(),
        1u);
    EXPECT_EQ(splicedSql("b.cpp", "auto st = c.prepare(\"SELECT id FROM run \"\n"
                                  "                    \"LIMIT \" + std::to_string(limit));")
                  .size(),
              1u);
    EXPECT_EQ(splicedSql("c.cpp", R"x(c.exec(fmt::format("DELETE FROM run WHERE id = {}", id));)x").size(), 1u);
    EXPECT_EQ(splicedSql("d.cpp", R"x(sql += std::string("WHERE part = '") + part + "' AND 1";)x").size(), 1u);
    // What the tree does instead: bound parameters, fixed fragments, numbered placeholders.
    EXPECT_TRUE(splicedSql("e.cpp", R"x(auto st = c.prepare("SELECT id FROM unit WHERE serial = ?1");)x").empty());
    EXPECT_TRUE(
        splicedSql(
            "f.cpp",
            R"x(c.prepare(std::string("SELECT r.unit_id FROM run r ") + (whole ? "INDEXED BY run_yield " : "") + "WHERE 1");)x")
            .empty());
    EXPECT_TRUE(splicedSql("g.cpp", R"x(sql += fmt::format("{}(?1, ?{}, ?2)", r ? ", " : "", p + 1);)x").empty());
}

TEST(BoundParameters, NoSourceFileSplicesAValueIntoSql) {
    const std::filesystem::path root = OPTIQUAL_SOURCE_DIR;
    std::vector<std::string> found;
    int files = 0;
    for (const char* folder : {"app", "core", "db", "instruments", "sequences", "station", "ui"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
            const auto ext = entry.path().extension();
            if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".h"))
                continue;
            std::ifstream in(entry.path());
            std::stringstream text;
            text << in.rdbuf();
            ++files;
            for (auto& f : splicedSql(std::filesystem::relative(entry.path(), root).string(), text.str()))
                found.push_back(std::move(f));
        }
    }
    EXPECT_GT(files, 100) << "the scan found the sources";
    std::string list;
    for (const auto& f : found)
        list += f + "\n";
    EXPECT_TRUE(found.empty()) << "values must be bound parameters, not spliced into the statement text:\n" << list;
}
