#include "station/Value.h"

#include <fmt/format.h>

namespace optiqual::station {

std::string describe(const Value& value) {
    struct Visitor {
        std::string operator()(std::monostate) const { return "none"; }
        std::string operator()(double d) const { return fmt::format("{:g}", d); }
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const std::vector<double>& v) const {
            std::string out = "[";
            for (std::size_t i = 0; i < v.size(); ++i)
                out += (i ? ", " : "") + fmt::format("{:g}", v[i]);
            return out + "]";
        }
    };
    return std::visit(Visitor{}, value);
}

} // namespace optiqual::station
