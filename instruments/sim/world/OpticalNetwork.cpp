#include "instruments/sim/world/OpticalNetwork.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace optiqual::instruments::sim {
namespace {

/// Longest path a search follows: a station's fibre graph crosses a handful of elements; a longer chain means
/// a wiring loop.
constexpr std::size_t kMaxDepth = 32;

double ratioOf(double lossDb) {
    return std::pow(10.0, -lossDb / 10.0);
}

std::optional<int> wholeNumber(std::string_view text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// Splits "a.b.c" into its dot-separated fields.
std::vector<std::string_view> fields(std::string_view name) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const auto dot = name.find('.', start);
        out.push_back(name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos)
            return out;
        start = dot + 1;
    }
}

} // namespace

OpticalNetwork::OpticalNetwork(const WorldConfig& config, std::uint64_t seed) {
    std::mt19937_64 random(seed ^ 0x6f70746963616cULL); // "optical": links draw apart from the other world draws
    std::normal_distribution<double> deviation(0.0, 1.0);
    for (const auto& source : config.sources)
        addSource(source.name);
    for (const auto& link : config.links) {
        const auto from = expand(link.from);
        const auto to = expand(link.to);
        if (from.size() != to.size() && from.size() != 1 && to.size() != 1)
            throw std::invalid_argument("link " + link.from + " -> " + link.to + ": " + std::to_string(from.size()) +
                                        " ports cannot pair with " + std::to_string(to.size()));
        const std::size_t n = std::max(from.size(), to.size());
        for (std::size_t i = 0; i < n; ++i) {
            const int a = node(from.size() == 1 ? from[0] : from[i]);
            const int b = node(to.size() == 1 ? to[0] : to[i]);
            // Truncated at ±3σ, and a fibre never gains light.
            const double d = std::clamp(deviation(random), -3.0, 3.0) * config.linkLossSigmaDb;
            m_edges.push_back({a, b, std::max(0.0, link.lossDb + d)});
            m_edgesInto[static_cast<std::size_t>(b)].push_back(static_cast<int>(m_edges.size() - 1));
        }
    }
}

int OpticalNetwork::node(const std::string& name) {
    auto it = m_nodeIds.find(name);
    if (it != m_nodeIds.end())
        return it->second;
    const int id = static_cast<int>(m_nodeNames.size());
    m_nodeIds.emplace(name, id);
    m_nodeNames.push_back(name);
    m_edgesInto.emplace_back();
    m_isSource.push_back(false);
    m_pathsValid = false;
    return id;
}

void OpticalNetwork::addSource(const std::string& name) {
    m_isSource[static_cast<std::size_t>(node(name))] = true;
    m_pathsValid = false;
}

void OpticalNetwork::attachSwitch(const std::string& name, int switches, int inputs, int outputs,
                                  SwitchTransmission transmission) {
    m_switches.push_back({name, switches, inputs, outputs, std::move(transmission)});
    m_pathsValid = false;
}

void OpticalNetwork::attachAttenuator(const std::string& name, int channels, AttenuatorOutput output) {
    m_attenuators.push_back({name, channels, std::move(output)});
    m_pathsValid = false;
}

std::vector<std::string> OpticalNetwork::expand(std::string_view pattern) {
    const auto open = pattern.find('[');
    if (open == std::string_view::npos) {
        if (pattern.find(']') != std::string_view::npos)
            throw std::invalid_argument("']' without '[' in port '" + std::string(pattern) + "'");
        if (pattern.empty())
            throw std::invalid_argument("empty port name");
        return {std::string(pattern)};
    }
    const auto close = pattern.find(']', open);
    const auto dash = pattern.find('-', open);
    if (close == std::string_view::npos || dash == std::string_view::npos || dash > close)
        throw std::invalid_argument("port '" + std::string(pattern) + "': a range is written [first-last]");
    const auto first = wholeNumber(pattern.substr(open + 1, dash - open - 1));
    const auto last = wholeNumber(pattern.substr(dash + 1, close - dash - 1));
    if (!first || !last || *first > *last || *last - *first > 4096)
        throw std::invalid_argument("port '" + std::string(pattern) + "': bad range");
    const std::string head(pattern.substr(0, open));
    const auto tails = expand(pattern.substr(close + 1).empty() ? std::string_view("\x01") : pattern.substr(close + 1));
    std::vector<std::string> out;
    for (int i = *first; i <= *last; ++i)
        for (const auto& tail : tails)
            out.push_back(head + std::to_string(i) + (tail == "\x01" ? std::string() : tail));
    return out;
}

std::optional<double> OpticalNetwork::linkLossDb(std::string_view from, std::string_view to) const {
    const auto a = m_nodeIds.find(from);
    const auto b = m_nodeIds.find(to);
    if (a == m_nodeIds.end() || b == m_nodeIds.end())
        return std::nullopt;
    for (int e : m_edgesInto[static_cast<std::size_t>(b->second)])
        if (m_edges[static_cast<std::size_t>(e)].from == a->second)
            return m_edges[static_cast<std::size_t>(e)].lossDb;
    return std::nullopt;
}

std::vector<OpticalNetwork::ElementEdge> OpticalNetwork::elementEdgesInto(int target) const {
    std::vector<ElementEdge> out;
    const auto f = fields(m_nodeNames[static_cast<std::size_t>(target)]);
    if (f.size() != 3)
        return out;
    const auto unit = wholeNumber(f[1]);
    if (!unit)
        return out;
    const std::string prefix = std::string(f[0]) + "." + std::string(f[1]) + ".";
    auto find = [this](const std::string& name) -> std::optional<int> {
        auto it = m_nodeIds.find(name);
        return it == m_nodeIds.end() ? std::nullopt : std::optional<int>(it->second);
    };
    for (std::size_t s = 0; s < m_switches.size(); ++s) {
        const auto& sw = m_switches[s];
        if (sw.name != f[0] || *unit < 1 || *unit > sw.switches)
            continue;
        if (f[2].size() == 1 && f[2][0] >= 'A' && f[2][0] < 'A' + sw.inputs) {
            // Light reaching a left port came in at one of the right ports.
            const int input = f[2][0] - 'A';
            for (int k = 1; k <= sw.outputs; ++k)
                if (auto from = find(prefix + std::to_string(k)))
                    out.push_back({*from, {HopKind::Switch, static_cast<int>(s), *unit, input, k}});
        } else if (const auto k = wholeNumber(f[2]); k && *k >= 1 && *k <= sw.outputs) {
            for (int input = 0; input < sw.inputs; ++input)
                if (auto from = find(prefix + std::string(1, static_cast<char>('A' + input))))
                    out.push_back({*from, {HopKind::Switch, static_cast<int>(s), *unit, input, *k}});
        }
    }
    for (std::size_t a = 0; a < m_attenuators.size(); ++a) {
        const auto& att = m_attenuators[a];
        if (att.name != f[0] || *unit < 1 || *unit > att.channels || f[2] != "out")
            continue;
        if (auto from = find(prefix + "in"))
            out.push_back({*from, {HopKind::Attenuator, static_cast<int>(a), *unit, 0, 0}});
    }
    return out;
}

void OpticalNetwork::collectPaths(int at, std::vector<Step>& downstream, std::vector<int>& visiting,
                                  std::vector<Path>& out) const {
    // The search runs backwards from the receiving port; `downstream` holds what lies between `at` and the
    // receiver, nearest to `at` last.
    if (m_isSource[static_cast<std::size_t>(at)]) {
        Path path{at, {}};
        for (auto it = downstream.rbegin(); it != downstream.rend(); ++it) {
            if (!it->element && !path.steps.empty() && !path.steps.back().element)
                path.steps.back().lossDb += it->lossDb;
            else
                path.steps.push_back(*it);
        }
        out.push_back(std::move(path));
        return;
    }
    if (visiting.size() >= kMaxDepth || std::find(visiting.begin(), visiting.end(), at) != visiting.end())
        return;
    visiting.push_back(at);
    for (int e : m_edgesInto[static_cast<std::size_t>(at)]) {
        const Edge& edge = m_edges[static_cast<std::size_t>(e)];
        downstream.push_back({false, edge.lossDb, {}});
        collectPaths(edge.from, downstream, visiting, out);
        downstream.pop_back();
    }
    for (const auto& element : elementEdgesInto(at)) {
        downstream.push_back({true, 0.0, element.hop});
        collectPaths(element.from, downstream, visiting, out);
        downstream.pop_back();
    }
    visiting.pop_back();
}

void OpticalNetwork::buildPaths() {
    m_paths.clear();
    m_pathsValid = true;
}

double OpticalNetwork::evaluate(const Path& path, double watts) const {
    for (const Step& step : path.steps) {
        if (!(watts > 0.0))
            return 0.0;
        if (!step.element) {
            watts *= ratioOf(step.lossDb);
        } else if (step.hop.kind == HopKind::Switch) {
            const auto& sw = m_switches[static_cast<std::size_t>(step.hop.element)];
            watts *= sw.transmission(step.hop.unit, step.hop.input, step.hop.output);
        } else {
            const auto& att = m_attenuators[static_cast<std::size_t>(step.hop.element)];
            watts = att.output(step.hop.unit, watts);
        }
    }
    return std::max(0.0, watts);
}

ReceivedLight OpticalNetwork::received(std::string_view port, const SourcePower& sourcePower) {
    if (!m_pathsValid)
        buildPaths();
    const auto id = m_nodeIds.find(port);
    if (id == m_nodeIds.end())
        return {};
    auto cached = m_paths.find(id->second);
    if (cached == m_paths.end()) {
        std::vector<Path> paths;
        std::vector<Step> downstream;
        std::vector<int> visiting;
        collectPaths(id->second, downstream, visiting, paths);
        cached = m_paths.emplace(id->second, std::move(paths)).first;
    }
    ReceivedLight light;
    double strongest = 0.0;
    for (const Path& path : cached->second) {
        const std::string& source = m_nodeNames[static_cast<std::size_t>(path.source)];
        const double watts = evaluate(path, sourcePower(source));
        light.watts += watts;
        if (watts > strongest) {
            strongest = watts;
            light.dominantSource = source;
        }
    }
    return light;
}

bool OpticalNetwork::reachable(std::string_view port) {
    const auto id = m_nodeIds.find(port);
    return id != m_nodeIds.end() &&
           (!m_edgesInto[static_cast<std::size_t>(id->second)].empty() || !elementEdgesInto(id->second).empty());
}

} // namespace optiqual::instruments::sim
