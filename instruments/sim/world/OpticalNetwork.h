#pragma once
#include "instruments/sim/world/WorldConfig.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace optiqual::instruments::sim {

/// @brief The light a port receives: total power and, for a receiver, what the strongest contribution carries.
struct ReceivedLight {
    double watts = 0.0;
    /// @brief The port the strongest contribution left from (a module TX port or a reference source).
    std::string dominantSource;
};

/// @brief The station's fibre graph: ports joined by links with insertion loss, switches whose routes and
/// attenuators whose settings the instruments own, and the sources that light it.
///
/// Ports are names: `<fixture>.tx<N>` / `<fixture>.rx<N>` (module lanes 1–64), `<meter>.<port>`,
/// `<switch>.<n>.<A|B…>` and `<switch>.<n>.<k>` (switch n's left and right ports), `<voa>.<ch>.in` / `.out`, a
/// reference source's name, and any other name as a passive junction (an MPO breakout, a splitter's common port).
/// Links carry light one way, from → to; a switch connects its routed ports both ways, as a real one does.
///
/// Every path from a source to a port is found once (on first use after the last attach) and kept as a list of
/// the dynamic elements it crosses, so evaluating a port costs a few multiplications per path. Not thread-safe:
/// the world's thread only.
class OpticalNetwork {
public:
    /// @brief Light a source emits at simulation time t, in watts (0: dark).
    using SourcePower = std::function<double(std::string_view source)>;
    /// @brief Transmission of a switch from left port @p input (0 = A) to right port @p output, 0–1.
    using SwitchTransmission = std::function<double(int switchNumber, int input, int output)>;
    /// @brief Watts leaving an attenuator channel for @p inputWatts entering it.
    using AttenuatorOutput = std::function<double(int channel, double inputWatts)>;

    /// @brief Builds the links of @p config; each link's loss deviates from its nominal value by a normal draw of
    /// σ = config.linkLossSigmaDb from @p seed. Throws std::invalid_argument for a malformed port name.
    OpticalNetwork(const WorldConfig& config, std::uint64_t seed);

    void attachSwitch(const std::string& name, int switches, int inputs, int outputs, SwitchTransmission transmission);
    void attachAttenuator(const std::string& name, int channels, AttenuatorOutput output);
    /// @brief Declares @p name a source (module TX lanes and reference sources).
    void addSource(const std::string& name);

    /// @brief What arrives at @p port now, with @p sourcePower giving each source's output.
    ReceivedLight received(std::string_view port, const SourcePower& sourcePower);
    /// @brief True when some link or element reaches @p port (an unwired port is always dark).
    bool reachable(std::string_view port);

    /// @brief Expands `name[a-b]` ranges in a port pattern: "fx.tx[1-8]" → fx.tx1 … fx.tx8; several ranges vary
    /// the last one fastest. Throws std::invalid_argument for a malformed range.
    static std::vector<std::string> expand(std::string_view pattern);
    /// @brief The nominal loss actually used for the link @p from → @p to (after the seeded deviation), for tests.
    std::optional<double> linkLossDb(std::string_view from, std::string_view to) const;

private:
    struct Edge {
        int from = 0;
        int to = 0;
        double lossDb = 0.0;
    };
    enum class HopKind : std::uint8_t { Switch, Attenuator };
    struct Hop {
        HopKind kind;
        int element = 0; ///< index into m_switches / m_attenuators
        int unit = 0;    ///< switch number / attenuator channel
        int input = 0;   ///< switch left port (0 = A)
        int output = 0;  ///< switch right port
    };
    /// @brief A stretch of fixed loss, or an element, along a path.
    struct Step {
        bool element = false;
        double lossDb = 0.0; ///< when !element
        Hop hop{};           ///< when element
    };
    struct Path {
        int source = 0;
        std::vector<Step> steps; ///< in the order the light crosses them, adjacent losses merged
    };
    struct SwitchElement {
        std::string name;
        int switches = 0, inputs = 0, outputs = 0;
        SwitchTransmission transmission;
    };
    struct AttenuatorElement {
        std::string name;
        int channels = 0;
        AttenuatorOutput output;
    };
    /// @brief An edge into a node that an element makes (and its hop).
    struct ElementEdge {
        int from = 0;
        Hop hop;
    };

    int node(const std::string& name);
    void buildPaths();
    void collectPaths(int node, std::vector<Step>& downstream, std::vector<int>& visiting,
                      std::vector<Path>& out) const;
    double evaluate(const Path& path, double sourceWatts) const;
    std::vector<ElementEdge> elementEdgesInto(int node) const;

    std::map<std::string, int, std::less<>> m_nodeIds;
    std::vector<std::string> m_nodeNames;
    std::vector<Edge> m_edges;
    std::vector<std::vector<int>> m_edgesInto; ///< per node, indices into m_edges
    std::vector<bool> m_isSource;
    std::vector<SwitchElement> m_switches;
    std::vector<AttenuatorElement> m_attenuators;
    std::map<int, std::vector<Path>> m_paths; ///< per sink node, built lazily
    bool m_pathsValid = false;
};

} // namespace optiqual::instruments::sim
