#pragma once
#include "sequences/Sequence.h"
#include "station/RunOverrides.h"
#include "ui/ItemRects.h"
#include "ui/StationControl.h"
#include "ui/Theme.h"
#include "ui/UserSession.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief One step of the loaded sequence an override may name, with where it is ("main/Temperature
/// corners/Chamber settled"; a sub-sequence's steps under "subsequence <name>/").
struct OverridableStep {
    const sequences::Step* step = nullptr;
    std::string where;
};

/// @brief Every step of @p sequence, loop bodies and sub-sequences included, in file order.
std::vector<OverridableStep> overridableSteps(const sequences::Sequence& sequence);

/// @brief The engineer's overrides in the sequence view (F7): the limit set units are judged by (among the part
/// number's sets) and a run mode (skip, force_pass, force_fail) for chosen steps, each applied with a reason, and
/// "Clear overrides". Every change needs an engineer and a reason, is refused with the reason otherwise, and goes to
/// the audit table (who, role, what, why) through StationControl::setOverrides; it applies to units started from
/// then on. The overrides themselves live in the StationControl (the units take them when they start).
class OverridesView {
public:
    /// @p sequence: the loaded sequence (the object the engine runs; null: none); @p partNumber: the units'.
    OverridesView(std::shared_ptr<const sequences::Sequence> sequence, std::string partNumber);

    void draw(const UserSession& session, StationControl& control, const Fonts& fonts);

    /// @brief Why the last change was refused ("" when it was not).
    const std::string& refusal() const { return m_refusal; }
    /// @brief What the last change did ("" before one).
    const std::string& done() const { return m_done; }
    const ItemRects& rects() const { return m_rects; }

private:
    /// Refuses (into m_refusal) unless an engineer gave a reason; @return whether the change may go ahead.
    bool allowed(const UserSession& session, const char* what);
    void applyRunMode(const UserSession& session, StationControl& control);
    void applyLimitSet(const UserSession& session, StationControl& control);
    void clear(const UserSession& session, StationControl& control);
    std::string reason() const { return std::string(m_reason.data()); }

    std::shared_ptr<const sequences::Sequence> m_sequence;
    std::string m_partNumber;
    std::vector<OverridableStep> m_steps;
    std::vector<const sequences::LimitSet*> m_sets; ///< the part number's sets
    std::string m_defaultSet;                       ///< the identity limitSetFor picks ("" none)
    int m_step = 0;
    int m_mode = 0; ///< RunMode as int
    int m_set = -1; ///< index into m_sets (-1: none chosen yet)
    std::array<char, 256> m_reason{};
    std::string m_refusal;
    std::string m_done;
    ItemRects m_rects;
};

} // namespace optiqual::ui
