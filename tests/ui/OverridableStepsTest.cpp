// The steps an engineer may override, each with its path: nested loops included. The list grows while a loop's body
// is collected, so a loop's path must not be read from an element the growth moved (ASan found that in CI).
#include "ui/OverridesView.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace optiqual;

namespace {

sequences::Step step(std::string name) {
    sequences::Step s;
    s.name = std::move(name);
    return s;
}

sequences::Step loop(std::string name, std::vector<sequences::Step> body) {
    sequences::Step s = step(std::move(name));
    s.type = sequences::StepType::ForEach;
    s.forEach = sequences::ForEachSpec{};
    s.forEach->body = std::move(body);
    return s;
}

} // namespace

TEST(OverridableSteps, EveryStepOfNestedLoopsHasItsWholePathInOrder) {
    sequences::Sequence seq;
    seq.setup = {step("Load")};
    seq.main = {loop("Temperature corners",
                     {step("Chamber set point"), loop("Voltages", {step("Set"), step("Input power"), step("Tx power")}),
                      step("Soak")}),
                step("Report")};
    seq.cleanup = {step("Off")};
    seq.subsequences.push_back(sequences::Subsequence{"port", {}, {step("Route"), step("Read")}, {}});
    std::vector<std::string> paths;
    for (const auto& s : ui::overridableSteps(seq))
        paths.push_back(s.where);
    EXPECT_EQ(paths, (std::vector<std::string>{
                         "setup/Load", "main/Temperature corners", "main/Temperature corners/Chamber set point",
                         "main/Temperature corners/Voltages", "main/Temperature corners/Voltages/Set",
                         "main/Temperature corners/Voltages/Input power", "main/Temperature corners/Voltages/Tx power",
                         "main/Temperature corners/Soak", "main/Report", "cleanup/Off", "subsequence port/Route",
                         "subsequence port/Read"}));
}
