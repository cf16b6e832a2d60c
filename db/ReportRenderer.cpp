#include "db/ReportRenderer.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace optiqual::db {

namespace {

std::size_t displayWidth(std::string_view s) {
    // UTF-8 continuation bytes take no column.
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string htmlEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        default:
            out.push_back(c);
        }
    }
    return out;
}

std::string csvField(std::string s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string rawCell(const Cell& cell) {
    if (std::holds_alternative<std::int64_t>(cell))
        return std::to_string(std::get<std::int64_t>(cell));
    if (std::holds_alternative<double>(cell)) {
        const double d = std::get<double>(cell);
        return std::isfinite(d) ? fmt::format("{}", d) : "";
    }
    if (std::holds_alternative<std::string>(cell))
        return std::get<std::string>(cell);
    return "";
}

const char* toneClass(RowTone t) {
    switch (t) {
    case RowTone::Bad:
        return " class=\"bad\"";
    case RowTone::Good:
        return " class=\"good\"";
    case RowTone::Warn:
        return " class=\"warn\"";
    case RowTone::Normal:
        break;
    }
    return "";
}

constexpr const char* kCss = R"css(
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#1d2430;background:#fff}
h1{font-size:26px;margin:0 0 4px}
.sub{color:#5a6472;margin-bottom:18px}
h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #dde3ea;padding-bottom:4px}
.facts{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 12px}
.fact{border:1px solid #dde3ea;border-radius:6px;padding:8px 14px;min-width:110px;background:#f7f9fb}
.fact .v{font-size:24px;font-weight:bold}
.fact .l{font-size:12px;color:#5a6472;text-transform:uppercase}
.fact.PASS .v{color:#1a7f37}.fact.FAIL .v,.fact.ERROR .v,.fact.ABORTED .v{color:#c62828}
table{border-collapse:collapse;font-size:13px;margin:6px 0}
th{background:#eef2f6;text-align:left;padding:4px 8px;border-bottom:1px solid #c9d2dc}
td{padding:3px 8px;border-bottom:1px solid #eef2f6}
td.n{text-align:right;font-variant-numeric:tabular-nums}
tr.bad td{background:#fdecea}tr.good td{background:#edf7ee}tr.warn td{background:#fff6e0}
.note{color:#5a6472;font-size:12px}
svg{display:block;margin:6px 0}
)css";

} // namespace

std::optional<ReportFormat> parseReportFormat(std::string_view text) {
    if (text == "table" || text == "text")
        return ReportFormat::Table;
    if (text == "csv")
        return ReportFormat::Csv;
    if (text == "json")
        return ReportFormat::Json;
    if (text == "html")
        return ReportFormat::Html;
    return std::nullopt;
}

std::string formatCell(const Cell& cell, const Column& column) {
    if (std::holds_alternative<std::monostate>(cell))
        return "-";
    if (std::holds_alternative<std::string>(cell))
        return std::get<std::string>(cell);
    if (std::holds_alternative<std::int64_t>(cell))
        return std::to_string(std::get<std::int64_t>(cell));
    const double d = std::get<double>(cell);
    if (!std::isfinite(d))
        return "-";
    if (column.kind == ColumnKind::Percent)
        return fmt::format("{:.{}f} %", d * 100, column.precision);
    return fmt::format("{:.{}g}", d, column.precision);
}

std::string renderText(const ReportDocument& doc) {
    std::string out = doc.title + "\n";
    if (!doc.subtitle.empty())
        out += doc.subtitle + "\n";
    for (const auto& s : doc.sections) {
        out += "\n";
        if (!s.heading.empty())
            out += s.heading + "\n";
        for (const auto& [label, value] : s.facts)
            out += fmt::format("  {:<24} {}\n", label + ":", value);
        if (s.table) {
            const auto& t = *s.table;
            const std::size_t columns = t.columns.size();
            std::vector<std::size_t> width(columns);
            for (std::size_t c = 0; c < columns; ++c)
                width[c] = displayWidth(t.columns[c].name);
            // Every cell formatted once into one buffer: a table of hundreds of thousands of rows (SPC points over
            // a year) costs its text, not a string object per cell.
            std::string cells;
            std::vector<std::size_t> ends;
            ends.reserve(t.rows.size() * columns);
            for (const auto& row : t.rows)
                for (std::size_t c = 0; c < columns; ++c) {
                    const auto begin = cells.size();
                    if (c < row.size())
                        cells += formatCell(row[c], t.columns[c]);
                    ends.push_back(cells.size());
                    width[c] = std::max(width[c], displayWidth(std::string_view(cells).substr(begin)));
                }
            auto pad = [&](std::string& line, std::string_view v, std::size_t c) {
                const auto fill = width[c] - displayWidth(v);
                if (t.columns[c].kind == ColumnKind::Text) {
                    line += v;
                    line.append(fill, ' ');
                } else {
                    line.append(fill, ' ');
                    line += v;
                }
            };
            std::string header, rule;
            for (std::size_t c = 0; c < columns; ++c) {
                header += c ? "  " : "";
                pad(header, t.columns[c].name, c);
                rule += (c ? "  " : "") + std::string(width[c], '-');
            }
            out += header + "\n" + rule + "\n";
            out.reserve(out.size() + cells.size() + t.rows.size() * (columns * 4 + 1));
            std::size_t cell = 0;
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                for (std::size_t c = 0; c < columns; ++c, ++cell) {
                    const auto begin = cell ? ends[cell - 1] : 0;
                    out += c ? "  " : "";
                    pad(out, std::string_view(cells).substr(begin, ends[cell] - begin), c);
                }
                while (!out.empty() && out.back() == ' ')
                    out.pop_back();
                out += "\n";
            }
        }
        if (!s.note.empty())
            out += s.note + "\n";
    }
    return out;
}

std::string renderCsv(const ReportDocument& doc) {
    for (const auto& s : doc.sections) {
        if (!s.table)
            continue;
        std::string out;
        for (std::size_t c = 0; c < s.table->columns.size(); ++c)
            out += (c ? "," : "") + csvField(s.table->columns[c].name);
        out += "\r\n";
        for (const auto& row : s.table->rows) {
            for (std::size_t c = 0; c < row.size(); ++c)
                out += (c ? "," : "") + csvField(rawCell(row[c]));
            out += "\r\n";
        }
        return out;
    }
    return {};
}

std::string renderJson(const ReportDocument& doc) {
    nlohmann::ordered_json j;
    j["title"] = doc.title;
    j["subtitle"] = doc.subtitle;
    j["sections"] = nlohmann::ordered_json::array();
    for (const auto& s : doc.sections) {
        nlohmann::ordered_json js;
        js["heading"] = s.heading;
        if (!s.facts.empty()) {
            js["facts"] = nlohmann::ordered_json::object();
            for (const auto& [label, value] : s.facts)
                js["facts"][label] = value;
        }
        if (s.table) {
            js["rows"] = nlohmann::ordered_json::array();
            for (const auto& row : s.table->rows) {
                nlohmann::ordered_json jr = nlohmann::ordered_json::object();
                for (std::size_t c = 0; c < row.size() && c < s.table->columns.size(); ++c) {
                    const auto& name = s.table->columns[c].name;
                    const auto& cell = row[c];
                    if (std::holds_alternative<std::int64_t>(cell))
                        jr[name] = std::get<std::int64_t>(cell);
                    else if (std::holds_alternative<double>(cell) && std::isfinite(std::get<double>(cell)))
                        jr[name] = std::get<double>(cell);
                    else if (std::holds_alternative<std::string>(cell))
                        jr[name] = std::get<std::string>(cell);
                    else
                        jr[name] = nullptr;
                }
                js["rows"].push_back(std::move(jr));
            }
        }
        if (!s.note.empty())
            js["note"] = s.note;
        j["sections"].push_back(std::move(js));
    }
    return j.dump(2) + "\n";
}

std::string renderHtml(const ReportDocument& doc) {
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                      htmlEscape(doc.title) + "</title><style>" + kCss + "</style></head><body>\n";
    out += "<h1>" + htmlEscape(doc.title) + "</h1>\n";
    if (!doc.subtitle.empty())
        out += "<div class=\"sub\">" + htmlEscape(doc.subtitle) + "</div>\n";
    for (const auto& s : doc.sections) {
        if (!s.heading.empty())
            out += "<h2>" + htmlEscape(s.heading) + "</h2>\n";
        if (!s.facts.empty()) {
            out += "<div class=\"facts\">";
            for (const auto& [label, value] : s.facts)
                out += "<div class=\"fact " + htmlEscape(value) + "\"><div class=\"v\">" + htmlEscape(value) +
                       "</div><div class=\"l\">" + htmlEscape(label) + "</div></div>";
            out += "</div>\n";
        }
        out += s.svg; // generated by SvgChart, already escaped
        if (s.table) {
            const auto& t = *s.table;
            out += "<table><tr>";
            for (const auto& c : t.columns)
                out += "<th>" + htmlEscape(c.name) + "</th>";
            out += "</tr>\n";
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                out += std::string("<tr") + (r < t.tones.size() ? toneClass(t.tones[r]) : "") + ">";
                for (std::size_t c = 0; c < t.columns.size(); ++c) {
                    const auto text = c < t.rows[r].size() ? formatCell(t.rows[r][c], t.columns[c]) : "";
                    out += t.columns[c].kind == ColumnKind::Text ? "<td>" : "<td class=\"n\">";
                    out += htmlEscape(text) + "</td>";
                }
                out += "</tr>\n";
            }
            out += "</table>\n";
        }
        if (!s.note.empty())
            out += "<p class=\"note\">" + htmlEscape(s.note) + "</p>\n";
    }
    out += "</body></html>\n";
    return out;
}

std::string render(const ReportDocument& document, ReportFormat format) {
    switch (format) {
    case ReportFormat::Csv:
        return renderCsv(document);
    case ReportFormat::Json:
        return renderJson(document);
    case ReportFormat::Html:
        return renderHtml(document);
    case ReportFormat::Table:
        break;
    }
    return renderText(document);
}

} // namespace optiqual::db
