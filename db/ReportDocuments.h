#pragma once
#include "db/CapabilityReport.h"
#include "db/ParetoReport.h"
#include "db/ReportDocument.h"
#include "db/RunDetail.h"
#include "db/SpcReport.h"
#include "db/YieldReport.h"

#include <string>
#include <vector>

namespace optiqual::db {

/// Turn query results into format-independent documents (tables, headline figures, charts).

/// @brief Yield table; with @p trend (yield by day), @p pareto and @p capability also the yield trend chart,
/// the Pareto chart and histograms of the least capable measurements (the HTML yield report).
ReportDocument yieldDocument(const YieldResult& yield, const std::string& scope, const YieldResult* trend = nullptr,
                             const ParetoResult* pareto = nullptr,
                             const std::vector<CapabilityRow>* capability = nullptr);
ReportDocument paretoDocument(const ParetoResult& pareto, const std::string& scope, bool chart);
/// @brief Capability table; with @p charts, a histogram for each of the first @p chartLimit measurements.
ReportDocument capabilityDocument(const std::vector<CapabilityRow>& rows, const std::string& scope, bool charts,
                                  std::size_t chartLimit = 12);
/// @brief Control-chart summary and violating points; with @p charts, a chart per measurement (first
/// @p chartLimit; the charts need SpcOptions::keepValues). @p allPoints lists every point instead of violations
/// only (CSV/JSON; the charts need SpcOptions::allPoints).
ReportDocument spcDocument(const std::vector<SpcChart>& charts, const std::string& scope, bool withCharts,
                           bool allPoints, std::size_t chartLimit = 12);
ReportDocument unitDocument(const std::string& serial, const std::vector<RunSummary>& runs);
ReportDocument runDocument(const RunDetail& run, bool charts);

/// @brief "part XPO-800G-DR8, 2026-10-25 00:00:00 … 2026-11-24 00:00:00" for subtitles.
std::string describeScope(const ReportFilter& filter);

} // namespace optiqual::db
