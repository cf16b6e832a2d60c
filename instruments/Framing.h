#pragma once
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace optiqual::instruments {

/// @brief The longest message (command or reply, terminator excluded) either side of a session buffers. The
/// largest transfer our instruments make is an N7744A logging trace: 1,000,000 float32 samples, a 4 MB block
/// (docs/testing.md#limits); 16 MiB leaves room and bounds what a peer that never sends a
/// terminator, or declares a huge block, can make us allocate.
constexpr std::size_t kMaxMessageBytes = std::size_t(16) << 20;

/// @brief A message longer than the limit, or a block header declaring one.
class MessageTooLong : public std::length_error {
public:
    using std::length_error::length_error;
};

/// @brief Finds where the first complete message in @p data ends: the index of its terminator, or
/// std::nullopt when more bytes are needed. IEEE 488.2 definite blocks (`#<n><len><bytes>`) are skipped
/// whole, so their bytes may contain the terminator; quoted strings are skipped too. An indefinite block
/// (`#0…`) runs to the next terminator. Throws MessageTooLong when the message would exceed @p limit bytes:
/// a block declaring more, or @p limit bytes buffered without a terminator.
std::optional<std::size_t> findMessageEnd(std::string_view data, std::string_view terminator,
                                          std::size_t limit = kMaxMessageBytes);

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
