#pragma once
#include "db/RunHistory.h"
#include "ui/DatabaseWorker.h"
#include "ui/Theme.h"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace optiqual::ui {

/// @brief The history window's filter as the engineer sets it; the time range is a choice of ages.
struct HistoryInputs {
    std::string serial;
    std::string partNumber;                    ///< "" all
    std::optional<sequences::Verdict> verdict; ///< std::nullopt all
    int range = 0;                             ///< index into kHistoryRanges

    bool operator==(const HistoryInputs&) const = default;
};

/// @brief The time ranges offered: a name and an age in hours (0: all time).
struct HistoryRange {
    const char* name;
    std::int64_t hours;
};
inline constexpr std::array<HistoryRange, 5> kHistoryRanges{
    {{"all time", 0}, {"last 24 h", 24}, {"last 7 days", 168}, {"last 30 days", 720}, {"last year", 8760}}};

/// @brief The query of @p inputs at @p nowMicros (UTC µs).
db::HistoryFilter historyFilter(const HistoryInputs& inputs, std::int64_t nowMicros);

/// @brief One line of a run's detail: a step, or one of its measurements.
struct DetailLine {
    const db::StepDetail* step = nullptr;
    const db::MeasurementDetail* measurement = nullptr; ///< null: the step's own line
};

/// @brief The lines of @p detail: each step, then its measurements.
std::vector<DetailLine> detailLines(const db::RunDetail& detail);

/// @brief A measurement's limits as the report shows them: "0.5 ≤ x ≤ 2.5 mW", "≥ 3", "log only".
std::string limitText(const db::MeasurementDetail& m);

/// @brief The run history (engineer view): filters, the filter's runs newest first (a list clipper: only the
/// visible rows are drawn, however many there are), and the selected run's steps and measurements with limits and
/// outcomes. Every query goes through DatabaseWorker; the frame draws the latest answer and says when a newer one is
/// on its way.
class HistoryView {
public:
    /// @brief Draws into the current window; @p refresh changes when new runs may be in the database (the lot's
    /// finished count), which asks again.
    void draw(DatabaseWorker& worker, const Fonts& fonts, std::int64_t refresh);
    const HistoryInputs& inputs() const { return m_inputs; }
    HistoryInputs& inputs() { return m_inputs; }
    std::int64_t selectedRun() const { return m_selected; }

private:
    void drawFilters(const db::HistoryList* list);
    void drawList(DatabaseWorker& worker, const db::HistoryList& list, float height);
    void drawDetail(DatabaseWorker& worker, const Fonts& fonts);

    HistoryInputs m_inputs;
    std::array<char, 65> m_serial{};
    bool m_asked = false;
    HistoryInputs m_askedInputs;
    std::int64_t m_askedRefresh = 0;
    std::int64_t m_selected = 0; ///< the run whose detail shows (0: none; the newest until one is clicked)
    bool m_clicked = false;
    std::shared_ptr<const QueryResult<db::HistoryList>> m_listShown;
    std::int64_t m_detailAsked = 0;
    std::shared_ptr<const QueryResult<db::RunDetail>> m_linesOf; ///< the answer m_lines were made from
    std::vector<DetailLine> m_lines;
};

} // namespace optiqual::ui
