// libFuzzer target: arbitrary 32-byte CommandRecords (docs/ring-layout.md) pushed into the
// command ring of a running GraphEngine, decoded by the audio side between blocks of fuzzed
// sizes, also while a graph swap crossfades. The graph holds every built-in node type.
// Findings: sanitizer reports, non-finite output (every parameter is clamped to a finite range,
// and the graph's largest gain stays far below float overflow for a ±0.5 input).
//
// Input bytes: a sequence of operations. One op byte, then:
//   op % 8 < 5: a record (the next 32 bytes, as the page or a plugin host could write them),
//   op % 8 = 5, 6: render one block of 1 + (next byte % 64) frames,
//   op % 8 = 7: load the graph again (a crossfaded swap; commands then go to both plans); at
//              most kMaxSwaps per input (a load costs as much as hundreds of blocks).
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "fuzz_checks.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

constexpr const char* kEveryNodeGraph = R"({
  "nodes": [
    { "id": "source", "type": "input" },
    { "id": "eq", "type": "parametricEq" },
    { "id": "osc", "type": "oscillator" },
    { "id": "bq", "type": "biquad" },
    { "id": "env", "type": "adsr" },
    { "id": "dly", "type": "delay" },
    { "id": "noise", "type": "noise" },
    { "id": "dc", "type": "constant" },
    { "id": "mix", "type": "mixer" },
    { "id": "pan", "type": "stereoPanner" },
    { "id": "analyser", "type": "analyser" },
    { "id": "master", "type": "gain" },
    { "id": "meter", "type": "meter" }
  ],
  "connections": [
    { "from": "source", "to": "eq" },
    { "from": "eq", "to": "mix", "input": 0 },
    { "from": "dc", "to": "mix", "input": 0 },
    { "from": "osc", "to": "bq" },
    { "from": "bq", "to": "env" },
    { "from": "env", "to": "dly" },
    { "from": "dly", "to": "mix", "input": 1 },
    { "from": "noise", "to": "mix", "input": 1 },
    { "from": "mix", "to": "pan" },
    { "from": "pan", "to": "analyser" },
    { "from": "analyser", "to": "master" },
    { "from": "master", "to": "meter" }
  ],
  "output": "meter"
})";

constexpr uint32_t kMaxFrames = 64, kChannels = 2;
constexpr int kMaxSwaps = 2;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    GraphSession session;
    if (!session.prepare({48000.0, kMaxFrames, kChannels}, 64, 256, 1.0)) std::abort();
    if (auto status = session.loadGraph(kEveryNodeGraph); !status) {
        std::fprintf(stderr, "the fuzz graph is refused: %s\n", status.message().c_str());
        std::abort();
    }
    fuzz::PlanarBuffers input(kChannels, kMaxFrames), output(kChannels, kMaxFrames);
    uint64_t frame = 0;
    auto render = [&](uint32_t frames) {
        for (uint32_t i = 0; i < frames; ++i)
            for (uint32_t c = 0; c < kChannels; ++c)
                input.data[c][i] = 0.5f * static_cast<float>(std::sin(0.03 * static_cast<double>(frame + i) + c));
        session.process(input.pointers.data(), kChannels, output.pointers.data(), frames);
        fuzz::requireFinite(output.data, frames, "output after ring commands");
        frame += frames;
        for (RingRecord event; session.engine().eventRing().tryPop(event);) {}
        session.collectRetired();
    };
    render(kMaxFrames);
    size_t at = 0;
    int swaps = 0;
    while (at < size) {
        const uint8_t op = data[at++] % 8;
        if (op < 5) {
            if (size - at < sizeof(CommandRecord)) break;
            CommandRecord record;
            std::memcpy(&record, data + at, sizeof record);
            at += sizeof record;
            session.engine().commandRing().tryPush(record);  // a full ring refuses: as the page sees it
        } else if (op < 7) {
            const uint32_t frames = at < size ? 1 + data[at++] % kMaxFrames : kMaxFrames;
            render(frames);
        } else if (swaps++ < kMaxSwaps) {
            fuzz::requireOneLine(session.loadGraph(kEveryNodeGraph), "graph swap");
        }
    }
    for (int block = 0; block < 3; ++block) render(kMaxFrames);
    return 0;
}
