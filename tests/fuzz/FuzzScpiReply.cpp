// Fuzz target: how drivers read instrument replies — numbers, booleans, number lists, `SYST:ERR?` error replies
// and `*IDN?`. Anything an instrument sends is either a value or a refusal (std::nullopt), never a crash, and a
// number that parses is what the text says.
#include "instruments/ScpiNumber.h"
#include "instruments/ScpiSession.h"
#include "tests/fuzz/FuzzCheck.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace optiqual::instruments;
using optiqual::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view reply(reinterpret_cast<const char*>(data), size);
    const auto number = parseScpiDouble(reply);
    if (const auto integer = parseScpiInteger(reply);
        integer && number && std::isfinite(*number) && std::fabs(*number) < 1e15)
        require(double(*integer) == *number, "an integer reply reads as the same number");
    (void)parseScpiBool(reply);
    if (const auto list = parseScpiDoubleList(reply))
        require(list->size() <= std::size_t(std::count(reply.begin(), reply.end(), ',')) + 1,
                "a list has one value per comma-separated field at most");
    if (const auto error = ScpiSession::parseErrorReply(reply))
        require(error->text.size() <= reply.size(), "an error's text comes from the reply");
    const auto identity = ScpiSession::parseIdentity(reply);
    require(identity.manufacturer.size() <= reply.size() && identity.model.size() <= reply.size(),
            "identity fields come from the reply");
    return 0;
}
