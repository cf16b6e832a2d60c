#include "sequences/LimitSetLoader.h"

#include "core/NumberText.h"
#include "sequences/Sha256.h"

namespace optiqual::sequences {

namespace {

std::string shortest(std::optional<double> v) {
    return v ? core::shortestText(*v) : std::string();
}

} // namespace

std::optional<Limit> LimitSetLoader::readLimit(const YAML::Node& node, const std::string& what,
                                               const std::string& prefix,
                                               std::map<std::string, core::SourceLocation>& fieldWhere) {
    auto f = m_reader.fields(node, what, {"comparator", "low", "high", "nominal", "unit"});
    if (!node.IsMap())
        return std::nullopt;
    fieldWhere[prefix] = m_reader.at(node);
    Limit limit;
    bool ok = true;
    auto bound = [&](const char* key, std::optional<double>& out) {
        if (!f.has(key))
            return;
        const YAML::Node v = f.get(key);
        fieldWhere[prefix + "." + key] = m_reader.contentAt(v);
        out = m_reader.number(v, "'" + std::string(key) + "' of " + what);
        ok = ok && out.has_value();
    };
    bound("low", limit.low);
    bound("high", limit.high);
    bound("nominal", limit.nominal);
    if (f.has("comparator")) {
        const YAML::Node c = f.get("comparator");
        fieldWhere[prefix + ".comparator"] = m_reader.contentAt(c);
        if (auto text = m_reader.text(c, "comparator of " + what)) {
            if (auto parsed = parseComparator(*text)) {
                limit.comparator = *parsed;
            } else {
                m_reader.error(m_reader.contentAt(c), "unknown comparator '" + *text +
                                                          "' (EQ, NE, GT, GE, LT, LE, GELE, GTLT, GELT, GTLE or LOG)");
                ok = false;
            }
        } else {
            ok = false;
        }
    } else if (limit.low && limit.high) {
        limit.comparator = Comparator::GELE;
    } else if (limit.low) {
        limit.comparator = Comparator::GE;
    } else if (limit.high) {
        limit.comparator = Comparator::LE;
    } else if (limit.nominal) {
        limit.comparator = Comparator::EQ;
    } else {
        limit.comparator = Comparator::LOG;
    }
    if (f.has("unit")) {
        const YAML::Node u = f.get("unit");
        fieldWhere[prefix + ".unit"] = m_reader.contentAt(u);
        if (auto unit = m_reader.unit(u, "unit of " + what))
            limit.unit = *unit;
        else
            ok = false;
    } else {
        m_reader.error(node, what + " has no unit (write unit: \"\" for a dimensionless limit)");
        ok = false;
    }
    return ok ? std::optional<Limit>(limit) : std::nullopt;
}

std::vector<LimitSet> LimitSetLoader::readSets(const YAML::Node& list) {
    std::vector<LimitSet> sets;
    if (!m_reader.expectSequence(list, "limits"))
        return sets;
    for (const YAML::Node& item : list) {
        auto f = m_reader.fields(item, "a limit set", {"part_number", "revision", "description", "limits"});
        if (!item.IsMap())
            continue;
        LimitSet set;
        set.setWhere = m_reader.at(item);
        if (f.has("part_number")) {
            set.setWhere = m_reader.contentAt(f.get("part_number"));
            if (auto pn = m_reader.text(f.get("part_number"), "part_number"))
                set.partNumber = *pn;
        } else {
            m_reader.error(item, "limit set has no part_number");
        }
        if (f.has("revision"))
            if (auto rev = m_reader.text(f.get("revision"), "revision"))
                set.revision = *rev;
        if (!f.has("limits")) {
            m_reader.error(item, "limit set for '" + set.partNumber + "' has no limits");
        } else {
            const std::string owner =
                set.identity().empty() ? std::string("the limit set") : "'" + set.identity() + "'";
            auto limits = m_reader.namedEntries(f.get("limits"), "limits of " + owner);
            for (const auto& e : limits.entries) {
                set.where[e.key] = m_reader.at(e.keyNode);
                if (auto limit = readLimit(e.value, "limit '" + e.key + "'", e.key, set.fieldWhere))
                    set.limits[e.key] = *limit;
                else
                    set.unreadable.push_back(e.key);
            }
        }
        set.hash = hash(set);
        sets.push_back(std::move(set));
    }
    return sets;
}

std::string LimitSetLoader::hash(const LimitSet& set) {
    std::string canonical = "part_number=" + set.partNumber + "\nrevision=" + set.revision + "\n";
    for (const auto& [name, limit] : set.limits)
        canonical += name + "|" + std::string(toString(limit.comparator)) + "|" + shortest(limit.low) + "|" +
                     shortest(limit.high) + "|" + shortest(limit.nominal) + "|" + limit.unit + "\n";
    return Sha256::of(canonical);
}

} // namespace optiqual::sequences
