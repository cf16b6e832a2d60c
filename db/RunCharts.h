#pragma once
#include "db/ReportDocument.h"
#include "db/RunDetail.h"

#include <vector>

namespace optiqual::db {

/// @brief The charts of one run, for its HTML report:
/// - each step's stored traces on one chart, a curve per trace (a sweep's curves per lane; a BER waterfall on a log
///   axis);
/// - each measurement recorded once per lane (and per value of its outermost loop) against its lanes, a curve per
///   value of the outermost loop variable, with its limits (TX power per lane at each case temperature).
std::vector<ReportSection> runCharts(const RunDetail& run);

} // namespace optiqual::db
