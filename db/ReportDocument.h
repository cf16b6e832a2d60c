#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace optiqual::db {

/// @brief How a column's values are shown (CSV and JSON keep the raw value: shares as fractions).
enum class ColumnKind { Text, Integer, Number, Percent };

struct Column {
    std::string name;
    ColumnKind kind = ColumnKind::Text;
    int precision = 3; ///< significant digits for Number, decimals for Percent
};

using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

/// @brief Row emphasis in table and HTML output.
enum class RowTone { Normal, Bad, Good, Warn };

struct ReportTable {
    std::vector<Column> columns;
    std::vector<std::vector<Cell>> rows;
    std::vector<RowTone> tones; ///< empty, or one per row
};

/// @brief A part of a report: headline figures, a chart (inline SVG), a table, a note.
struct ReportSection {
    std::string heading;
    std::vector<std::pair<std::string, std::string>> facts; ///< label, value (the HTML shows them as tiles)
    std::string svg;
    std::optional<ReportTable> table;
    std::string note;
};

/// @brief A report independent of its format; the first section with a table is the "main" table (CSV).
struct ReportDocument {
    std::string title;
    std::string subtitle;
    std::vector<ReportSection> sections;
};

} // namespace optiqual::db
