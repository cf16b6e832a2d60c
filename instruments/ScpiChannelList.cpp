#include "instruments/ScpiChannelList.h"

namespace optiqual::instruments {

std::string formatScpiChannelList(const std::vector<int>& channels) {
    std::string out = "(@";
    for (std::size_t i = 0; i < channels.size();) {
        std::size_t last = i;
        while (last + 1 < channels.size() && channels[last + 1] == channels[last] + 1)
            ++last;
        if (i > 0)
            out += ',';
        out += std::to_string(channels[i]);
        if (last > i)
            out += ":" + std::to_string(channels[last]);
        i = last + 1;
    }
    return out + ")";
}

} // namespace optiqual::instruments
