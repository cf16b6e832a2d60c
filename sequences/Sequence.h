#pragma once
#include "core/Diagnostic.h"
#include "sequences/Limit.h"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace optiqual::sequences {

/// @brief An expression as written in the sequence (muparser syntax: arithmetic, log10 sqrt abs min max mean,
/// dbm_to_mw mw_to_dbm db_to_ratio ratio_to_db, parameters, loop variables, earlier measurements), with the
/// place it was written for error messages. A plain number is an expression too.
struct Expression {
    std::string text;
    core::SourceLocation where;
};

/// @brief A named argument of an instrument call or a sub-sequence call.
struct Argument {
    std::string name;
    Expression value;
    // Added by the loader (sequence-file half of issue 3):
    core::SourceLocation where = {};    ///< where the argument's name was written
    std::string unit = {};              ///< unit the value is written in (`volts: 3300 mV`); empty: the callee's unit.
                                        ///< The engine converts with core::UnitConversion(unit, param unit).
    bool isList = false;                ///< a list argument (NumberArray, e.g. DAQ `channels: [101, 102]`)
    std::vector<Expression> items = {}; ///< its elements; @c value is unused then
};

/// @brief A call of an instrument-class method through a role, e.g. `psu.setVoltage(channel: 1, volts: vcc)`.
struct InstrumentCall {
    std::string role;
    std::string method;
    std::vector<Argument> args;
    core::SourceLocation where;
};

/// @brief Lanes or channels a measurement is repeated over (`lanes: 1..8` or a list), or a range decided at run
/// time (`lanes: {from: 8 * port - 7, to: 8 * port}`), then with @c lanes empty.
struct LaneSpec {
    /// @brief The highest lane a measurement may name: bounds what a file can make the engine allocate and
    /// record (an XPO module has 64 lanes).
    static constexpr int kMaxLane = 1024;
    std::vector<int> lanes;
    core::SourceLocation where;
    std::optional<Expression> from = {}, to = {};
    bool dynamic() const { return from.has_value(); }
};

/// @brief One measurement of a measure or compute step. Its value comes from an instrument call (measure) or
/// an expression (compute); it is judged against @c limit: the named entry of the selected limit set
/// (@c limitName, defaulting to @c name) or an inline limit.
struct MeasurementSpec {
    std::string name;
    std::optional<InstrumentCall> call;
    std::optional<Expression> expr;
    std::string unit; ///< unit of the value as measured/computed (converted to the limit's)
    std::string limitName;
    std::optional<Limit> inlineLimit;
    std::optional<LaneSpec> lanes;
    core::SourceLocation where;
    // Added by the loader:
    std::map<std::string, core::SourceLocation> fieldWhere = {}; ///< where each field ("limit", "unit"…) was written
    /// @brief `lane: EXPR`: record this one value as that lane's (a per-lane loop measuring lane by lane), e.g.
    /// `lane: lane` inside `for_each lane`. Exclusive with @c lanes.
    std::optional<Expression> lane = {};
};

enum class StepType {
    Action,
    Measure,
    PassFail,
    String,
    Wait,
    WaitUntil,
    ForEach,
    Call,
    Prompt,
    Compute,
    Sweep,
    Custom, ///< last: a registered type
};

/// @brief Everything the loader knows of one step type, in one row: its name in a sequence file and the fields
/// it takes besides the common ones (name, type, if, retry…).
struct StepTypeInfo {
    StepType type;
    std::string_view name; ///< "custom" is what a registered type is called in messages
    std::vector<std::string> fields;
};
/// @brief One row per step type, Custom last.
const std::vector<StepTypeInfo>& stepTypes();
const StepTypeInfo& info(StepType t);
std::string_view toString(StepType t);
/// @brief The built-in type called @p text; `custom` itself is not one (a custom step names its registered type).
std::optional<StepType> parseStepType(std::string_view text);

/// @brief An engineer's override of a step's normal execution, recorded with who and why.
enum class RunMode { Normal, Skip, ForcePass, ForceFail };
/// @brief "normal", "skip", "force_pass", "force_fail": as written in a sequence file and in the audit trail.
std::string_view toString(RunMode mode);
std::optional<RunMode> parseRunMode(std::string_view text);
/// @brief Every run mode's name, in declaration order (for messages and spelling suggestions).
std::vector<std::string> runModeNames();
/// @brief What a failing step does to the rest of its group.
enum class OnFail { Stop, Continue };

struct RetryPolicy {
    int count = 0; ///< extra attempts after the first
    bool onFail = true;
    bool onError = false;
    std::chrono::nanoseconds delay{0}; ///< simulation time between attempts
};

struct WaitUntilSpec {
    InstrumentCall read; ///< returns a number, e.g. chamber.temperature()
    Expression target;
    Expression tolerance; ///< |value − target| ≤ tolerance
    std::string unit;
    std::chrono::nanoseconds stableFor{0};
    std::chrono::nanoseconds timeout{0};
    std::chrono::nanoseconds pollInterval{std::chrono::seconds(1)};
};

struct Step;

struct ForEachSpec {
    std::string variable;
    std::vector<Expression> values;           ///< a list…
    std::optional<Expression> from, to, step; ///< …or a range (inclusive)
    std::string unit;
    std::vector<Step> body;
};

/// @brief Where a swept curve crosses a level: judged as a measurement (per lane when the curve is), e.g. a
/// receiver's sensitivity, the OMA at which its BER crosses 2.4e-4.
struct CrossingSpec {
    std::string name;      ///< the measurement it records
    double level = 0;      ///< the y value crossed
    std::string unit;      ///< unit of x (and of the recorded value)
    std::string limitName; ///< default: name
    std::optional<Limit> inlineLimit;
    core::SourceLocation where;
};

/// @brief A sweep: a for_each (ForEachSpec: variable, values or range, body) that after each point records x
/// (an expression) against y (a measurement the body recorded) into a trace, stops early when @c until holds,
/// and ends with the curve's crossing of a level (OpenTAP's Sweep step; QCoDeS `dond` with a stop condition).
struct SweepSpec {
    Expression x;      ///< per lane when y is per lane (`lane` bound)
    std::string xName; ///< what x is, for the trace's axis (default: the expression's text)
    std::string xUnit;
    std::string y; ///< name of a measurement recorded by the body
    std::optional<Expression> until;
    std::string trace; ///< trace name (default: y)
    std::optional<CrossingSpec> crossing;
};

/// @brief One curve of a sweep (or any array result): x against y, per lane when the sweep is.
struct Trace {
    std::string name;
    std::optional<int> lane;
    std::string xName, xUnit, yName, yUnit;
    std::vector<double> x, y;
};

struct CallSpec {
    std::string subsequence;
    std::vector<Argument> args;
};

enum class PromptKind { Message, Confirm, Number, Text };

struct PromptSpec {
    PromptKind kind = PromptKind::Confirm;
    std::string message;
    std::optional<double> min, max;      ///< Number
    std::string pattern;                 ///< Text: regex the answer must match
    std::string storeAs;                 ///< variable that receives a Number/Text answer
    std::chrono::nanoseconds timeout{0}; ///< 0: wait forever
    std::string image = {};              ///< `image:` resolved to an absolute path of a PNG (empty: none)
};

struct StringSpec {
    std::optional<InstrumentCall> call;
    std::optional<Expression> expr;
    std::string equals;
    std::string pattern; ///< regex
    std::string measurementName;
};

/// @brief One step. Fields used depend on @c type; the loader fills only the relevant ones and validation
/// guarantees they are consistent.
struct Step {
    std::string name;
    StepType type = StepType::Action;
    std::string customType; ///< Custom: the registered type name
    core::SourceLocation where;

    std::optional<Expression> precondition; ///< `if:`
    RetryPolicy retry;
    OnFail onFail = OnFail::Stop;
    std::optional<std::chrono::nanoseconds> timeout;
    RunMode runMode = RunMode::Normal;
    std::string overrideBy, overrideReason;
    bool batch = false; ///< batch process model: run once for all sockets (chamber set points)
    /// @brief Roles whose instruments this step (with everything inside it) holds as one lease when they are
    /// shared between sockets: `lease: [switch, opm]` on a call keeps another socket from re-routing the switch
    /// between "route" and "measure".
    std::vector<std::string> lease;
    std::vector<core::SourceLocation> leaseWhere;

    std::optional<InstrumentCall> call;        ///< Action (and PassFail when it calls an instrument)
    std::optional<Expression> condition;       ///< PassFail by expression
    std::vector<MeasurementSpec> measurements; ///< Measure, Compute
    std::chrono::nanoseconds duration{0};      ///< Wait
    std::optional<WaitUntilSpec> waitUntil;
    std::optional<ForEachSpec> forEach; ///< ForEach, and Sweep's loop
    std::optional<SweepSpec> sweep;
    std::optional<CallSpec> callSequence;
    std::optional<PromptSpec> prompt;
    std::optional<StringSpec> stringCheck;
    std::vector<Argument> customArgs;
    // Added by the loader:
    std::map<std::string, core::SourceLocation> fieldWhere = {}; ///< where each field ("if", "retry", …) was written
};

/// @brief A sequence parameter with its unit (`vcc: {value: 48, unit: V}`), overridable at run time.
struct Parameter {
    std::string name;
    double value = 0;
    std::string text; ///< for text parameters
    bool isText = false;
    std::string unit;
    core::SourceLocation where;
};

/// @brief A role the sequence needs and the instrument class that must fill it.
struct Role {
    std::string name;            ///< psu, chamber, opm, voa, switch, daq, chiller, fixture, …
    std::string instrumentClass; ///< PowerSupply, ThermalChamber, …
    core::SourceLocation where;
};

/// @brief The limits for one part number (and optionally revision). Its identity and hash go with every result.
struct LimitSet {
    std::string partNumber;
    std::string revision;
    std::map<std::string, Limit> limits;
    std::map<std::string, core::SourceLocation> where;
    std::string hash; ///< of its canonical text
    // Added by the loader:
    core::SourceLocation setWhere = {};                          ///< where the set's part_number was written
    std::map<std::string, core::SourceLocation> fieldWhere = {}; ///< "limit.field" → where ("tx_power.low")
    std::vector<std::string> unreadable = {}; ///< limits named in the file that could not be read (reported)
    std::string identity() const { return revision.empty() ? partNumber : partNumber + "@" + revision; }
};

/// @brief A value the sequence reads from the station (`station_data:`): a path loss of the station's
/// calibration table, a DAQ channel — a number, or a table by index, per socket. In expressions `name` is the
/// number and `name(i)` element i (1-based) of a table.
struct StationDataName {
    std::string name;
    core::SourceLocation where;
};

/// @brief A sub-sequence that `call` steps run with arguments.
struct Subsequence {
    std::string name;
    std::vector<Parameter> params;
    std::vector<Step> steps;
    core::SourceLocation where;
};

/// @brief A whole sequence file.
struct Sequence {
    std::string name;
    std::string version;
    std::string product; ///< xpo | cpo | coldplate
    std::vector<std::string> partNumbers;
    std::map<std::string, std::string> serialPatterns; ///< `serial_patterns:` part number → ECMAScript regex
    std::string description;
    std::vector<Role> roles;
    std::vector<Parameter> params;
    std::vector<StationDataName> stationData;
    std::vector<LimitSet> limitSets;
    std::vector<Step> setup, main, cleanup;
    std::vector<Subsequence> subsequences;
    std::string file;
    std::string text;        ///< the file as read (stored with results)
    std::string contentHash; ///< SHA-256-like stable hash of text
    // Added by the loader:
    std::string limitsFile = {};                            ///< `limits_file:` as resolved (empty: limits inline only)
    std::vector<core::SourceLocation> partNumberWhere = {}; ///< parallel to partNumbers
    std::map<std::string, core::SourceLocation> fieldWhere = {}; ///< top-level keys

    const LimitSet* limitSetFor(std::string_view partNumber, std::string_view revision = {}) const;
    const Role* role(std::string_view name) const;
    const Subsequence* subsequence(std::string_view name) const;
    /// @brief The names of stationData, for expression functions.
    std::vector<std::string> stationDataNames() const;
};

} // namespace optiqual::sequences
