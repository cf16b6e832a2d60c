// Fuzz target: message framing (findMessageEnd, parseBlock), which every byte from an instrument or a client
// of a simulator goes through. The first byte picks the terminator; the rest is the stream.
#include "instruments/Framing.h"
#include "tests/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace optiqual::instruments;
using optiqual::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    static constexpr std::string_view kTerminators[] = {"\n", "\r\n", "\r"};
    const std::string_view terminator = kTerminators[data[0] % 3];
    const std::string_view stream(reinterpret_cast<const char*>(data + 1), size - 1);
    constexpr std::size_t kLimit = 256; // small, so the fuzzer reaches the limit paths
    try {
        if (const auto end = findMessageEnd(stream, terminator, kLimit)) {
            require(*end <= kLimit, "a message found is within the limit");
            require(stream.substr(*end, terminator.size()) == terminator, "a message ends at its terminator");
        } else {
            require(stream.size() <= kLimit + terminator.size(), "an unended stream is within the limit");
        }
    } catch (const MessageTooLong&) {
        // the documented refusal
    }
    std::string why;
    if (const auto block = parseBlock(stream, &why)) {
        require(block->consumed <= stream.size(), "a block lies within the reply");
        require(block->payload.data() >= stream.data() &&
                    block->payload.data() + block->payload.size() <= stream.data() + stream.size(),
                "a block's payload lies within the reply");
    } else {
        require(!why.empty(), "a refused block says why");
    }
    return 0;
}
