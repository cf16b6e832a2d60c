#include "sequences/SequenceLoader.h"

#include "core/Quantity.h"
#include "sequences/LimitSetLoader.h"
#include "sequences/Sha256.h"
#include "sequences/StepLoader.h"
#include "sequences/YamlReader.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace optiqual::sequences {

namespace {

const std::vector<std::string> kTopFields{
    "name",        "version", "product", "part_numbers", "description",  "instruments",  "parameters",     "limits",
    "limits_file", "setup",   "main",    "cleanup",      "subsequences", "station_data", "serial_patterns"};

std::optional<std::string> readWholeFile(const std::string& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Offset of 0-based (line, column) in text, clamped to its size.
std::size_t offsetOf(const std::string& text, int line, int column) {
    std::size_t offset = 0;
    for (int l = 0; l < line && offset < text.size(); ++l) {
        const auto next = text.find('\n', offset);
        if (next == std::string::npos)
            return text.size();
        offset = next + 1;
    }
    return std::min(text.size(), offset + static_cast<std::size_t>(std::max(0, column)));
}

// The last '[' or '{' still open at @p end, skipping quoted scalars and comments; npos if none.
std::size_t unclosedFlowOpener(const std::string& text, std::size_t end) {
    // A quote opens a quoted scalar only where a value can start (after "key:", ",", "[", "{", "- " or at the
    // start of a line); elsewhere it is an apostrophe inside plain text ("don't").
    auto startsValue = [&](std::size_t i) {
        std::size_t j = i;
        while (j > 0 && text[j - 1] == ' ')
            --j;
        return j == 0 || std::string_view(":,[{-\n").find(text[j - 1]) != std::string_view::npos;
    };
    std::vector<std::size_t> open;
    char quote = 0;
    for (std::size_t i = 0; i < end; ++i) {
        const char c = text[i];
        if (quote) {
            // An escape inside double quotes, or '' inside single quotes: skip the next character.
            if ((c == '\\' && quote == '"') || (c == quote && quote == '\'' && i + 1 < end && text[i + 1] == '\''))
                ++i;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
            while (i < end && text[i] != '\n')
                ++i;
        } else if ((c == '"' || c == '\'') && startsValue(i)) {
            quote = c;
        } else if (c == '[' || c == '{') {
            open.push_back(i);
        } else if ((c == ']' || c == '}') && !open.empty()) {
            open.pop_back();
        }
    }
    return open.empty() ? std::string::npos : open.back();
}

} // namespace

SequenceLoader::SequenceLoader(const StepTypeRegistry* customTypes) : m_customTypes(customTypes) {}

core::Diagnostic SequenceLoader::syntaxError(const std::string& file, const std::string& text, int line, int column,
                                             const std::string& message) {
    if (message.find("flow not found") != std::string::npos) {
        const std::size_t opener = unclosedFlowOpener(text, offsetOf(text, line, column));
        if (opener != std::string::npos) {
            int l = 1;
            std::size_t lineStart = 0;
            for (std::size_t i = 0; i < opener; ++i)
                if (text[i] == '\n') {
                    ++l;
                    lineStart = i + 1;
                }
            return {{file, l, static_cast<int>(opener - lineStart) + 1},
                    std::string("YAML syntax error: '") + text[opener] + "' is never closed"};
        }
    }
    return {{file, line + 1, column + 1}, "YAML syntax error: " + message};
}

Sequence SequenceLoader::loadFile(const std::string& path, std::vector<core::Diagnostic>& diagnostics) const {
    std::string error;
    auto text = readWholeFile(path, error);
    if (!text) {
        diagnostics.push_back({{path, 0, 0}, "cannot read the sequence file: " + error});
        Sequence empty;
        empty.file = path;
        return empty;
    }
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    return loadText(*text, path, diagnostics, parent.empty() ? std::string(".") : parent.string());
}

std::vector<Parameter> SequenceLoader::readParameters(YamlReader& reader, const YAML::Node& node,
                                                      const std::string& what) const {
    std::vector<Parameter> params;
    if (node.IsNull())
        return params;
    const auto entries = reader.namedEntries(node, what);
    for (const auto& e : entries.entries) {
        Parameter p;
        p.name = e.key;
        p.where = reader.at(e.keyNode);
        if (!YamlReader::isIdentifier(p.name)) {
            reader.error(p.where, "parameter name '" + p.name +
                                      "' must be an identifier (a letter or '_', then "
                                      "letters, digits or '_')");
            continue;
        }
        const std::string label = "parameter '" + p.name + "'";
        if (e.value.IsMap()) { // {value: 48, unit: V} or {text: host}
            auto f = reader.fields(e.value, label, {"value", "unit", "text", "description"});
            if (f.has("value") == f.has("text")) {
                reader.error(e.value, label + " needs either 'value' (a number) or 'text'");
                continue;
            }
            if (f.has("text")) {
                p.isText = true;
                if (auto t = reader.text(f.get("text"), label))
                    p.text = *t;
            } else if (auto v = reader.number(f.get("value"), "value of " + label)) {
                p.value = *v;
            }
            if (f.has("unit")) {
                if (p.isText)
                    reader.error(reader.contentAt(f.get("unit")), "a text parameter has no unit");
                else if (auto unit = reader.unit(f.get("unit"), "unit of " + label))
                    p.unit = *unit;
            }
        } else if (auto t = reader.text(e.value, label)) {
            // `vcc: 48 V`, `count: 8`, `side: host`: a number with an optional unit, else text.
            if (auto q = core::Quantity::parse(*t)) {
                p.value = q->value();
                p.unit = std::string(q->symbol());
            } else {
                double ignored = 0;
                const char* begin = t->data() + (!t->empty() && (*t)[0] == '+' ? 1 : 0);
                auto [ptr, ec] = std::from_chars(begin, t->data() + t->size(), ignored);
                if (ec == std::errc() && ptr != begin) {
                    reader.error(reader.contentAt(e.value), label + ": '" + *t + "' is not a number with a known unit");
                    continue;
                }
                p.isText = true;
                p.text = *t;
            }
        } else {
            continue;
        }
        params.push_back(std::move(p));
    }
    return params;
}

std::vector<LimitSet> SequenceLoader::loadLimitsFile(const std::string& path,
                                                     std::vector<core::Diagnostic>& diagnostics) const {
    std::string error;
    auto text = readWholeFile(path, error);
    if (!text) {
        diagnostics.push_back({{path, 0, 0}, "cannot read the limits file: " + error});
        return {};
    }
    YAML::Node root;
    try {
        root = YAML::Load(*text);
    } catch (const YAML::ParserException& e) {
        diagnostics.push_back(syntaxError(path, *text, e.mark.line, e.mark.column, e.msg));
        return {};
    }
    YamlReader reader(path, *text, diagnostics);
    const auto f = reader.fields(root, "a limits file", {"description", "limits"});
    if (!root.IsMap())
        return {};
    if (!f.has("limits")) {
        reader.error(core::SourceLocation{path, 1, 1}, "the limits file has no 'limits' list");
        return {};
    }
    return LimitSetLoader(reader).readSets(f.get("limits"));
}

Sequence SequenceLoader::loadText(const std::string& text, const std::string& file,
                                  std::vector<core::Diagnostic>& diagnostics, const std::string& baseDirectory) const {
    Sequence seq;
    seq.file = file;
    seq.text = text;
    seq.contentHash = Sha256::of(text);
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        diagnostics.push_back(syntaxError(file, text, e.mark.line, e.mark.column, e.msg));
        return seq;
    }
    YamlReader reader(file, text, diagnostics);
    if (!root.IsMap()) {
        reader.error(core::SourceLocation{file, 1, 1},
                     root.IsNull() ? "the sequence file is empty" : "a sequence file must be a mapping of fields");
        return seq;
    }
    const auto f = reader.fields(root, "the sequence", kTopFields);
    for (const auto& e : f.entries)
        seq.fieldWhere[e.key] = reader.contentAt(e.value);

    const core::SourceLocation top{file, 1, 1};
    auto scalarField = [&](const char* key, std::string& out, bool required) {
        if (f.has(key)) {
            if (auto v = reader.text(f.get(key), key))
                out = *v;
        } else if (required) {
            reader.error(top, std::string("the sequence has no '") + key + "'");
        }
    };
    scalarField("name", seq.name, true);
    scalarField("version", seq.version, true);
    scalarField("product", seq.product, false);
    scalarField("description", seq.description, false);

    if (f.has("part_numbers")) {
        const YAML::Node pns = f.get("part_numbers");
        std::vector<YAML::Node> items;
        if (pns.IsSequence()) {
            for (const YAML::Node& item : pns)
                items.push_back(item);
        } else {
            items.push_back(pns);
        }
        for (const YAML::Node& item : items)
            if (auto pn = reader.text(item, "a part number")) {
                seq.partNumbers.push_back(*pn);
                seq.partNumberWhere.push_back(reader.contentAt(item));
            }
    }
    if (f.has("serial_patterns") && !f.get("serial_patterns").IsNull()) {
        // Checked here, so a pattern that cannot compile stops `check`, not the first unit at the station.
        for (const auto& e : reader.namedEntries(f.get("serial_patterns"), "serial_patterns").entries) {
            const auto pattern = reader.text(e.value, "the serial pattern of part " + e.key);
            if (!pattern)
                continue;
            if (std::find(seq.partNumbers.begin(), seq.partNumbers.end(), e.key) == seq.partNumbers.end()) {
                reader.error(e.keyNode, "serial pattern for part number '" + e.key + "', which is not in part_numbers");
                continue;
            }
            try {
                const std::regex compiled(*pattern, std::regex::ECMAScript);
                (void)compiled;
            } catch (const std::regex_error& bad) {
                reader.error(reader.contentAt(e.value),
                             "serial pattern of part " + e.key + " is not a regular expression: " + bad.what());
                continue;
            }
            seq.serialPatterns[e.key] = *pattern;
        }
    }
    if (f.has("instruments") && !f.get("instruments").IsNull()) {
        for (const auto& e : reader.namedEntries(f.get("instruments"), "instruments").entries) {
            if (!YamlReader::isIdentifier(e.key)) {
                reader.error(e.keyNode, "role name '" + e.key + "' must be an identifier");
                continue;
            }
            if (auto cls = reader.text(e.value, "the instrument class of role '" + e.key + "'"))
                seq.roles.push_back(Role{e.key, *cls, reader.contentAt(e.value)});
        }
    }
    if (f.has("parameters"))
        seq.params = readParameters(reader, f.get("parameters"), "parameters");
    if (f.has("station_data") && !f.get("station_data").IsNull()) {
        const YAML::Node list = f.get("station_data");
        if (reader.expectSequence(list, "station_data")) {
            for (const YAML::Node& item : list) {
                auto name = reader.identifier(item, "a station_data name");
                if (!name)
                    continue;
                const bool twice = std::any_of(seq.stationData.begin(), seq.stationData.end(),
                                               [&](const StationDataName& d) { return d.name == *name; });
                if (twice)
                    reader.error(reader.contentAt(item), "station_data '" + *name + "' is named twice");
                else
                    seq.stationData.push_back({*name, reader.contentAt(item)});
            }
        }
    }
    if (f.has("limits"))
        seq.limitSets = LimitSetLoader(reader).readSets(f.get("limits"));
    if (f.has("limits_file")) {
        if (auto relative = reader.text(f.get("limits_file"), "limits_file")) {
            const std::filesystem::path p = std::filesystem::path(baseDirectory) / *relative;
            seq.limitsFile = p.lexically_normal().string();
            std::error_code ec;
            if (!std::filesystem::is_regular_file(p, ec)) {
                reader.error(reader.contentAt(f.get("limits_file")),
                             "limits file '" + *relative + "' not found (it is looked for next to the sequence file)");
            } else {
                for (LimitSet& set : loadLimitsFile(seq.limitsFile, diagnostics))
                    seq.limitSets.push_back(std::move(set));
            }
        }
    }

    StepLoader steps(reader, m_customTypes, baseDirectory);
    if (f.has("setup"))
        seq.setup = steps.readSteps(f.get("setup"), "setup");
    if (f.has("main"))
        seq.main = steps.readSteps(f.get("main"), "main");
    else
        reader.error(top, "the sequence has no 'main' steps");
    if (f.has("cleanup"))
        seq.cleanup = steps.readSteps(f.get("cleanup"), "cleanup");

    if (f.has("subsequences") && !f.get("subsequences").IsNull()) {
        for (const auto& e : reader.namedEntries(f.get("subsequences"), "subsequences").entries) {
            Subsequence sub;
            sub.name = e.key;
            sub.where = reader.at(e.keyNode);
            if (!YamlReader::isIdentifier(sub.name)) {
                reader.error(sub.where, "sub-sequence name '" + sub.name + "' must be an identifier");
                continue;
            }
            const std::string label = "sub-sequence '" + sub.name + "'";
            const auto sf = reader.fields(e.value, label, {"description", "parameters", "steps"});
            if (!e.value.IsMap())
                continue;
            if (sf.has("parameters"))
                sub.params = readParameters(reader, sf.get("parameters"), "parameters of " + label);
            if (sf.has("steps"))
                sub.steps = steps.readSteps(sf.get("steps"), "steps of " + label);
            else
                reader.error(sub.where, label + " has no steps");
            seq.subsequences.push_back(std::move(sub));
        }
    }
    return seq;
}

} // namespace optiqual::sequences
