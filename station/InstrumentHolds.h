#pragma once
#include <map>

namespace optiqual::instruments {
class Instrument;
}

namespace optiqual::station {

/// @brief Which instruments a running step holds right now: every instrument a step calls (its own call, its
/// measurements', its wait_until's read) and those its `lease:` names, from the step's start to its end, whether or
/// not another socket shares them (shared ones are also leased through the ResourceManager; this counts holds, it
/// does not queue). The telemetry monitor reads it to leave a held instrument alone. Nested steps count twice.
/// Single-threaded: use from the engine's executor only.
class InstrumentHolds {
public:
    /// @brief Releases its hold when destroyed. Movable, not copyable.
    class Hold {
    public:
        Hold(InstrumentHolds& holds, const instruments::Instrument* instrument);
        Hold(Hold&& other) noexcept;
        Hold& operator=(Hold&&) = delete;
        Hold(const Hold&) = delete;
        Hold& operator=(const Hold&) = delete;
        ~Hold();

    private:
        InstrumentHolds* m_holds;
        const instruments::Instrument* m_instrument;
    };

    /// @brief Marks @p instrument held until the returned Hold is destroyed.
    Hold hold(const instruments::Instrument* instrument) { return Hold(*this, instrument); }
    /// @brief Whether any step holds @p instrument now.
    bool held(const instruments::Instrument* instrument) const { return m_count.count(instrument) > 0; }

private:
    void release(const instruments::Instrument* instrument);

    std::map<const instruments::Instrument*, int> m_count; ///< only instruments held at least once
};

} // namespace optiqual::station
