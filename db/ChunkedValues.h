#pragma once
#include <cstddef>
#include <memory>
#include <vector>

namespace optiqual::db {

/// @brief Appends values in fixed-size chunks and copies them once into an exactly sized vector: a doubling vector
/// would hold up to twice the values (and three times while it grows).
class ChunkedValues {
public:
    void push(double value) {
        const auto at = m_count++ % kChunk;
        if (at == 0)
            m_chunks.push_back(std::make_unique_for_overwrite<double[]>(kChunk));
        m_chunks.back()[at] = value;
    }
    /// @brief The values in order; the chunks are released.
    std::vector<double> take();

private:
    static constexpr std::size_t kChunk = 1 << 16;
    std::vector<std::unique_ptr<double[]>> m_chunks;
    std::size_t m_count = 0;
};

} // namespace optiqual::db
