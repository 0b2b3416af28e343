// libFuzzer target: graph JSON (docs/graph-json.md) through GraphSession::checkGraph and
// loadGraph, then a few blocks rendered from the loaded graph with a bounded test signal.
// Findings: sanitizer reports, a refusal that is not one line, a check that disagrees with the
// load, non-finite output from an accepted graph.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_checks.h"
#include "session/graph_session.h"

using namespace wavegraph;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view json(reinterpret_cast<const char*>(data), size);
    constexpr uint32_t kFrames = 64, kChannels = 2;
    GraphSession session;
    if (!session.prepare({48000.0, kFrames, kChannels}, 16, 64, 1.0)) std::abort();
    const Status checked = session.checkGraph(json);
    fuzz::requireOneLine(checked, "checkGraph");
    const Status loaded = session.loadGraph(json);
    fuzz::requireOneLine(loaded, "loadGraph");
    if (checked.isOk() != loaded.isOk()) {
        std::fprintf(stderr, "checkGraph [%s] disagrees with loadGraph [%s]\n", checked.message().c_str(),
                     loaded.message().c_str());
        std::abort();
    }
    if (!loaded) return 0;
    fuzz::PlanarBuffers input(kChannels, kFrames), output(kChannels, kFrames);
    for (uint32_t block = 0; block < 4; ++block) {
        for (uint32_t i = 0; i < kFrames; ++i)
            for (uint32_t c = 0; c < kChannels; ++c)
                input.data[c][i] = 0.5f * static_cast<float>(std::sin(0.05 * (block * kFrames + i) + c));
        session.process(input.pointers.data(), kChannels, output.pointers.data(), kFrames);
        fuzz::requireFinite(output.data, kFrames, "graph output");
    }
    for (RingRecord event; session.engine().eventRing().tryPop(event);) {}
    return 0;
}
