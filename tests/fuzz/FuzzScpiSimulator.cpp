// Fuzz target: every simulated instrument's command parser, as a client (PyVISA, a driver, a fuzzer) reaches it
// over its socket. The first byte picks the model; the rest is split into messages at LF. A simulator must turn
// every message into a reply or an error-queue entry: an exception escaping handleMessage would end the
// connection (and, before the server caught it, the process).
#include "instruments/sim/SimulatorRegistry.h"
#include "tests/fuzz/FuzzCheck.h"

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

using namespace optiqual::instruments::sim;
using optiqual::fuzz::require;

namespace {

std::vector<std::string> models() {
    std::vector<std::string> out;
    const std::string list = builtinSimulators().modelList(); // "A, B, C"
    std::size_t start = 0;
    while (start < list.size()) {
        const std::size_t comma = list.find(", ", start);
        out.push_back(list.substr(start, comma - start));
        start = comma == std::string::npos ? list.size() : comma + 2;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<std::string> kModels = models();
    if (size == 0 || kModels.empty())
        return 0;
    const std::string& model = kModels[data[0] % kModels.size()];
    const SimulatorEntry* entry = builtinSimulators().find(model);
    require(entry != nullptr, "every listed model has a simulator");
    auto device = entry->factory(model, SimContext{});
    std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
    while (!rest.empty()) {
        const std::size_t lf = rest.find('\n');
        const std::string_view message = rest.substr(0, lf);
        rest = lf == std::string_view::npos ? std::string_view() : rest.substr(lf + 1);
        try {
            const auto reply = device->handleMessage(message);
            require(!reply || reply->size() < (std::size_t(1) << 24), "a reply stays within the message limit");
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s: '%.*s' threw: %s\n", model.c_str(), int(message.size()), message.data(),
                         e.what());
            require(false, "a simulator answers every message without throwing");
        }
    }
    return 0;
}
