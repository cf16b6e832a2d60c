#pragma once
#include "db/ReportDocument.h"

#include <optional>
#include <string>
#include <string_view>

namespace optiqual::db {

enum class ReportFormat { Table, Csv, Json, Html };

std::optional<ReportFormat> parseReportFormat(std::string_view text);

/// @brief One cell as text for humans: percents as "90.9 %", numbers with @c precision significant digits.
std::string formatCell(const Cell& cell, const Column& column);

/// @brief Aligned terminal tables with headings and facts.
std::string renderText(const ReportDocument& document);
/// @brief The main table as RFC 4180 CSV with raw values.
std::string renderCsv(const ReportDocument& document);
/// @brief {"title", "subtitle", "sections": [{"heading", "facts", "rows": [{column: value}]}]}.
std::string renderJson(const ReportDocument& document);
/// @brief One self-contained HTML file (inline CSS and SVG, no scripts, no network).
std::string renderHtml(const ReportDocument& document);

std::string render(const ReportDocument& document, ReportFormat format);

} // namespace optiqual::db
