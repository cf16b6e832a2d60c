#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace optiqual::instruments {

/// @brief Finds where the first complete message in @p data ends: the index of its terminator, or
/// std::nullopt when more bytes are needed. IEEE 488.2 definite blocks (`#<n><len><bytes>`) are skipped
/// whole, so their bytes may contain the terminator; quoted strings are skipped too. An indefinite block
/// (`#0…`) runs to the next terminator.
std::optional<std::size_t> findMessageEnd(std::string_view data, std::string_view terminator);

/// @brief `#<n><len><bytes>` for @p payload.
std::string formatDefiniteBlock(std::string_view payload);

/// @brief The result of decoding a block at the start of a reply.
struct BlockView {
    std::string_view payload;
    std::size_t consumed = 0; ///< bytes of the reply the block took, header included
};

/// @brief Decodes a definite (`#<n><len>…`) or indefinite (`#0…`, to the end of @p reply) block at the start
/// of @p reply. Returns std::nullopt with @p why set when it is not a well-formed block.
std::optional<BlockView> parseBlock(std::string_view reply, std::string* why = nullptr);

} // namespace optiqual::instruments
