#include "db/ChunkedValues.h"

#include <algorithm>

namespace optiqual::db {

std::vector<double> ChunkedValues::take() {
    std::vector<double> values;
    values.reserve(m_count);
    for (std::size_t k = 0; k < m_chunks.size(); ++k)
        values.insert(values.end(), m_chunks[k].get(), m_chunks[k].get() + std::min(kChunk, m_count - k * kChunk));
    m_chunks.clear();
    m_count = 0;
    return values;
}

} // namespace optiqual::db
