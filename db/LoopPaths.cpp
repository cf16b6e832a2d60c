#include "db/LoopPaths.h"

namespace optiqual::db {

LoopPaths::LoopPaths(std::unordered_set<std::string> forEachPaths) : m_forEach(std::move(forEachPaths)) {}

LoopPaths::Split LoopPaths::split(std::string_view path) const {
    Split out;
    std::string recorded; // the path as recorded so far, iteration segments included
    std::size_t begin = 0;
    while (begin <= path.size()) {
        const auto end = std::min(path.find('/', begin), path.size());
        const auto segment = path.substr(begin, end - begin);
        const bool iteration =
            !recorded.empty() && segment.find('=') != std::string_view::npos && m_forEach.contains(recorded);
        if (!recorded.empty())
            recorded.push_back('/');
        recorded.append(segment);
        if (iteration) {
            out.loops.emplace_back(segment);
        } else {
            if (!out.path.empty())
                out.path.push_back('/');
            out.path.append(segment);
        }
        begin = end + 1;
    }
    return out;
}

std::string LoopPaths::describe(const std::vector<std::string>& loops) {
    std::string out;
    for (const auto& loop : loops) {
        if (!out.empty())
            out += ", ";
        out += loop;
    }
    return out;
}

} // namespace optiqual::db
