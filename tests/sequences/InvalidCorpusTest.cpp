// Every file in tests/sequences/invalid/ is a sequence with one mistake. Its first line says where the first
// diagnostic must point and what it must say:
//   # expect: LINE:COLUMN: message                  (in the file itself)
//   # expect: relative/file.yaml:LINE:COLUMN: message   (in another file it loads, e.g. a limits file)
#include "sequences/SequenceFile.h"
#include "tests/sequences/TestCatalog.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace optiqual::sequences;
namespace fs = std::filesystem;

namespace {

struct Case {
    std::string file;
    std::string expected; ///< "path:line:column: message"
};

std::vector<Case> corpus() {
    std::vector<Case> cases;
    const fs::path dir = test::sourcePath("tests/sequences/invalid");
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() != ".yaml")
            continue;
        std::ifstream in(entry.path());
        std::string first;
        std::getline(in, first);
        const std::string prefix = "# expect: ";
        Case c{entry.path().string(), ""};
        if (first.rfind(prefix, 0) == 0) {
            const std::string rest = first.substr(prefix.size());
            c.expected =
                std::isdigit(static_cast<unsigned char>(rest[0]))
                    ? c.file + ":" + rest
                    : (dir / rest.substr(0, rest.find(':'))).lexically_normal().string() + rest.substr(rest.find(':'));
        }
        cases.push_back(c);
    }
    std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.file < b.file; });
    return cases;
}

ValidationOptions options() {
    ValidationOptions o;
    o.stepTypes = &test::testStepTypes();
    return o;
}

} // namespace

TEST(InvalidCorpus, HasAtLeastFortyCasesEachWithAnExpectation) {
    const auto cases = corpus();
    EXPECT_GE(cases.size(), 40u);
    for (const Case& c : cases)
        EXPECT_FALSE(c.expected.empty()) << c.file << " has no '# expect: LINE:COLUMN: message' first line";
}

TEST(InvalidCorpus, FirstDiagnosticIsExactlyTheExpectedOne) {
    for (const Case& c : corpus()) {
        SCOPED_TRACE(c.file);
        const auto diagnostics = checkSequenceFile(c.file, test::stationCatalog(), options());
        ASSERT_FALSE(diagnostics.empty());
        EXPECT_EQ(diagnostics.front().format(), c.expected);
        // Every diagnostic, not just the first, names a line and a column.
        for (const auto& d : diagnostics) {
            EXPECT_GT(d.where.line, 0) << d.format();
            EXPECT_GT(d.where.column, 0) << d.format();
        }
    }
}

TEST(InvalidCorpus, LoadSequenceThrowsWithAllDiagnostics) {
    for (const Case& c : corpus()) {
        SCOPED_TRACE(c.file);
        try {
            loadSequence(c.file, test::stationCatalog(), options());
            ADD_FAILURE() << "loaded without error";
        } catch (const optiqual::core::InputError& e) {
            ASSERT_FALSE(e.diagnostics().empty());
            EXPECT_EQ(e.diagnostics().front().format(), c.expected);
            EXPECT_EQ(std::string(e.what()).substr(0, c.expected.size()), c.expected);
        }
    }
}
