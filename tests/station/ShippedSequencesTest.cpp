// The shipped product sequences and the documentation's example, validated against the catalog the engine runs
// them with (station/InstrumentMethods), not a copy of it: a method a sequence calls must exist for real.
#include "sequences/SequenceFile.h"
#include "station/InstrumentMethods.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <unistd.h>

using namespace optiqual::sequences;
namespace fs = std::filesystem;

namespace {

const InstrumentCatalog& catalog() {
    return optiqual::station::InstrumentMethods::builtin();
}

std::string sourcePath(const std::string& relative) {
    return (std::filesystem::path(OPTIQUAL_SOURCE_DIR) / relative).string();
}

// The product sequences (not their limits files) under sequences/{xpo,cpo,coldplate}/.
std::vector<std::string> shippedSequences() {
    std::vector<std::string> files;
    for (const char* product : {"xpo", "cpo", "coldplate"})
        for (const auto& entry : fs::directory_iterator(sourcePath(std::string("sequences/") + product)))
            if (entry.path().extension() == ".yaml" &&
                entry.path().stem().string().find("-limits") == std::string::npos)
                files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::string joined(const std::vector<optiqual::core::Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics)
        out += d.format() + "\n";
    return out;
}

} // namespace

TEST(ShippedSequences, EveryProductHasOne) {
    const auto files = shippedSequences();
    for (const char* product : {"/xpo/", "/cpo/", "/coldplate/"})
        EXPECT_TRUE(std::any_of(files.begin(), files.end(), [&](const std::string& f) {
            return f.find(product) != std::string::npos;
        })) << product;
}

TEST(ShippedSequences, LoadAndValidateClean) {
    for (const std::string& file : shippedSequences()) {
        SCOPED_TRACE(file);
        const auto diagnostics = checkSequenceFile(file, catalog());
        EXPECT_TRUE(diagnostics.empty()) << joined(diagnostics);
        const Sequence seq = loadSequence(file, catalog());
        EXPECT_FALSE(seq.main.empty());
        EXPECT_FALSE(seq.cleanup.empty()) << "a product sequence must leave the unit safe";
        EXPECT_FALSE(seq.partNumbers.empty());
        for (const std::string& pn : seq.partNumbers)
            EXPECT_NE(seq.limitSetFor(pn), nullptr) << pn;
    }
}

TEST(ShippedSequences, DocumentationExampleIsValid) {
    std::ifstream in(sourcePath("docs/sequences.md"));
    std::stringstream text;
    text << in.rdbuf();
    const std::string doc = text.str();
    const std::string open = "```yaml\n# example:";
    const auto begin = doc.find(open);
    ASSERT_NE(begin, std::string::npos) << "docs/sequences.md has no '# example:' block";
    const auto end = doc.find("```\n", begin + open.size());
    ASSERT_NE(end, std::string::npos);
    const fs::path file = fs::temp_directory_path() / ("optiqual-doc-example-" + std::to_string(::getpid()) + ".yaml");
    std::ofstream(file) << doc.substr(begin + 8, end - begin - 8);
    const auto diagnostics = checkSequenceFile(file.string(), catalog());
    fs::remove(file);
    EXPECT_TRUE(diagnostics.empty()) << joined(diagnostics);
}

TEST(ShippedSequences, ImplicitUnitsAreResolvedFromTheCatalog) {
    const Sequence seq = loadSequence(sourcePath("sequences/xpo/xpo-functional.yaml"), catalog());
    const Subsequence* lane = seq.subsequence("lane_tx_power");
    ASSERT_TRUE(lane);
    EXPECT_EQ(lane->steps.at(2).measurements.at(0).unit, "dBm"); // declared
    const Step& corners = seq.main.at(0);
    const Step& settled = corners.forEach->body.at(2);
    ASSERT_TRUE(settled.waitUntil);
    EXPECT_EQ(settled.waitUntil->unit, "degC"); // from chiller.bathTemperature
    const Step* inputs = nullptr;
    for (const Step& s : corners.forEach->body)
        if (s.name == "Input voltage corners")
            inputs = &s.forEach->body.at(2); // after "Set input voltage", "Settle"
    ASSERT_TRUE(inputs);
    EXPECT_EQ(inputs->measurements.at(0).unit, "A"); // from psu.measureCurrent
    EXPECT_EQ(inputs->measurements.at(2).unit, "W"); // from fixture.measureInputPower
}
