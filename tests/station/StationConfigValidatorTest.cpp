// Station files: what `check` reports must include everything opening the station (probe, sim, run, lot)
// would refuse — settings, roles, serial line settings, fault rules, seeds — each with file:line:column
// (issue 7 defect 4).
#include "station/StationConfigValidator.h"

#include "station/StationInstruments.h"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

using namespace optiqual;
using namespace optiqual::station;

namespace {

/// Every problem reading and validating @p text reports, formatted.
std::vector<std::string> problems(const std::string& text) {
    std::vector<std::string> out;
    try {
        const StationConfig config = parseStationConfig(text, "st.yaml");
        for (const auto& d : StationConfigValidator().check(config))
            out.push_back(d.format());
    } catch (const core::InputError& e) {
        for (const auto& d : e.diagnostics())
            out.push_back(d.format());
    }
    return out;
}

const std::string kHead = "station: {name: S}\ninstruments:\n";

struct BadStation {
    const char* label;
    std::string instruments; ///< after kHead, from line 3
    std::string expected;    ///< the first problem
};

class StationValidation : public ::testing::TestWithParam<BadStation> {};

TEST_P(StationValidation, RefusedAtCheckTimeWithItsLocation) {
    const auto found = problems(kHead + GetParam().instruments);
    ASSERT_FALSE(found.empty()) << "accepted";
    EXPECT_EQ(found.front().substr(0, GetParam().expected.size()), GetParam().expected) << found.front();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StationValidation,
    ::testing::Values(
        BadStation{"setting_not_a_number",
                   "  - {name: ch, model: F4T, simulate: true, settings: {ambient_setpoint: abc}}\n",
                   "st.yaml:3:73: instrument 'ch': setting 'ambient_setpoint' must be a number of degC in "
                   "-100..300, got 'abc'"},
        BadStation{"setting_unknown", "  - {name: ch, model: F4T, simulate: true, settings: {ambiant: 25}}\n",
                   "st.yaml:3:64: instrument 'ch': unknown setting 'ambiant' (known: ambient_setpoint, "
                   "command_spacing, digital_ports, analog_outputs)"},
        BadStation{"setting_wrong_class",
                   "  - {name: p, model: N5767A, simulate: true, settings: {ambient_setpoint: 25}}\n",
                   "st.yaml:3:75: instrument 'p': setting 'ambient_setpoint' applies to thermal chambers and "
                   "chillers only, not to a PowerSupply"},
        BadStation{"setting_ports",
                   "  - {name: d, model: DAQ970A, simulate: true, settings: {digital_ports: \"301,x\"}}\n",
                   "st.yaml:3:73: instrument 'd': setting 'digital_ports' must be whole numbers 0..9999 separated "
                   "by commas, such as \"301,302\", got '301,x'"},
        BadStation{"setting_spacing",
                   "  - {name: c, model: JULABO, simulate: true, settings: {command_spacing: 2 h}}\n",
                   "st.yaml:3:74: instrument 'c': setting 'command_spacing' must be a duration of at most 1 min "
                   "such as 250ms, got '2 h'"},
        BadStation{"role_socket_text", "  - {name: f, model: XPO-HB1, simulate: true, roles: [fixture@abc]}\n",
                   "st.yaml:3:55: role 'fixture@abc': the socket after '@' must be a whole number in 1..64"},
        BadStation{"role_socket_zero", "  - {name: f, model: XPO-HB1, simulate: true, roles: fixture@0}\n",
                   "st.yaml:3:54: role 'fixture@0': the socket after '@' must be a whole number in 1..64"},
        BadStation{"role_name", "  - {name: f, model: XPO-HB1, simulate: true, roles: [psu, \"@2\"]}\n",
                   "st.yaml:3:60: role '@2' must be a name of letters, digits and '_' (e.g. psu, fixture@2)"},
        BadStation{"model_unknown", "  - {name: p, model: HP6632, simulate: true}\n",
                   "st.yaml:3:22: instrument 'p': no driver for model 'HP6632' (known: "},
        BadStation{"serial_on_tcp", "  - {name: p, model: N5767A, simulate: true, serial: {baud: 9600}}\n",
                   "st.yaml:3:54: instrument 'p': 'serial' applies to a simulator served on a serial line (add "
                   "'sim_serial: true')"},
        BadStation{"serial_value", "  - {name: c, model: JULABO, simulate: true, serial: {baud: fast}}\n",
                   "st.yaml:3:54: instrument 'c': bad resource string: baud 'fast' is not a whole number"},
        BadStation{"serial_on_real",
                   "  - {name: c, model: JULABO, resource: \"ASRL/dev/ttyUSB0::INSTR\", serial: {baud: 4800}}\n",
                   "st.yaml:3:75: instrument 'c': 'serial' applies to simulated instruments; give a real serial "
                   "line's settings in its resource (ASRL…::INSTR?baud=…)"},
        BadStation{"fault_after_negative",
                   "  - {name: p, model: N5767A, simulate: true, faults: [{kind: garbage, "
                   "after: -3}]}\n",
                   "st.yaml:3:78: after must be a whole number in 0..4294967295, got '-3'"},
        BadStation{"fault_every_huge",
                   "  - {name: p, model: N5767A, simulate: true, faults: [{kind: garbage, "
                   "every: 1e12}]}\n",
                   "st.yaml:3:78: every must be a whole number in 0..4294967295, got '1e12'"},
        BadStation{"fault_unknown_key",
                   "  - {name: p, model: N5767A, simulate: true, faults: [{kind: garbage, "
                   "evry: 2}]}\n",
                   "st.yaml:3:71: unknown key 'evry' in a fault rule (expected one of: kind, match, after, every, "
                   "probability, latency, error_code, error_text)"},
        BadStation{"fault_probability_nan",
                   "  - {name: p, model: N5767A, simulate: true, faults: [{kind: garbage, "
                   "probability: .nan}]}\n",
                   "st.yaml:3:84: probability must be between 0 and 1"}),
    [](const ::testing::TestParamInfo<BadStation>& p) { return std::string(p.param.label); });

TEST(StationValidation, SeedAndTimeScaleAreChecked) {
    EXPECT_EQ(
        problems("station: {name: S, seed: -1}\ninstruments: []\n"),
        std::vector<std::string>{"st.yaml:1:26: seed must be a whole number in 0..9223372036854775807, got '-1'"});
    EXPECT_EQ(problems("station: {name: S, time_scale: .inf}\ninstruments: []\n"),
              std::vector<std::string>{"st.yaml:1:32: time_scale must be a positive number"});
}

// What passes validation opens: the shipped stations build every driver and simulator without complaint.
TEST(StationValidation, ShippedStationsValidateAndOpen) {
    for (const char* name : {"sim-xpo.yaml", "sim-xpo-line.yaml", "sim-coldplate.yaml"}) {
        const auto file = std::filesystem::path(OPTIQUAL_SOURCE_DIR) / "station" / "configs" / name;
        StationConfig config;
        ASSERT_NO_THROW(config = loadValidatedStationConfig(file)) << name;
        boost::asio::io_context io;
        EXPECT_NO_THROW(StationInstruments(config, io.get_executor())) << name;
    }
}

} // namespace
