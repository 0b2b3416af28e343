// libFuzzer target: the stdin command lines of `wavegraph play` (native/cli/play_controls.h:
// set, eq, gain, graph, status, quit) handled by PlayControls on a session running the
// reference graph, with a block rendered after every line. `graph FILE` is given only the
// graph files of a private folder (a fuzzed path could name /dev/zero or a FIFO). Findings:
// sanitizer reports, non-finite output (every accepted value is checked and in range).
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "cli/play_controls.h"
#include "fuzz_checks.h"
#include "session/reference_graph.h"

using namespace wavegraph;

namespace {

constexpr uint32_t kFrames = 64, kChannels = 2;

// A private folder with two graph files the `graph` command may load: a valid one and a broken one.
std::filesystem::path graphFolder() {
    static const std::filesystem::path folder = [] {
        char pattern[] = "/tmp/wavegraph-stdin-fuzz-XXXXXX";
        const char* made = mkdtemp(pattern);
        if (made == nullptr) std::abort();
        const std::filesystem::path path(made);
        std::ofstream(path / "g.json") << kReferenceGraphJson;
        std::ofstream(path / "bad.json") << R"({ "nodes": [ { "id": "a", "type": "gainz" } ], "output": "a" })";
        return path;
    }();
    return folder;
}

// The line with a `graph` argument replaced by a file of the private folder (by its first letter).
std::string confineGraphPath(std::string_view line) {
    const size_t start = line.find_first_not_of(" \t\f\v");
    if (start == std::string_view::npos || line.substr(start, 5) != "graph") return std::string(line);
    const size_t argument = line.find_first_not_of(" \t\f\v", start + 5);
    if (argument == std::string_view::npos || argument == start + 5) return std::string(line);
    const size_t end = line.find_first_of(" \t\f\v", argument);
    const std::string_view rest = end == std::string_view::npos ? std::string_view() : line.substr(end);
    const char* file = line[argument] == 'g' ? "g.json" : line[argument] == 'b' ? "bad.json" : "missing.json";
    return "graph " + (graphFolder() / file).string() + std::string(rest);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    HostSession session;
    if (!session.prepare({48000.0, kFrames, kChannels}, 16, 64, 1.0)) std::abort();
    if (!session.loadReferenceGraph()) std::abort();
    cli::PlayControls controls(session, [] { return std::string("status: fuzz"); });
    fuzz::PlanarBuffers input(kChannels, kFrames), output(kChannels, kFrames);
    for (uint32_t c = 0; c < kChannels; ++c)
        for (uint32_t i = 0; i < kFrames; ++i) input.data[c][i] = 0.5f * static_cast<float>(std::sin(0.1 * i + c));
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    size_t at = 0;
    int lines = 0;
    while (at <= text.size() && lines++ < 64 && !controls.quitRequested()) {
        const size_t end = std::min(text.find('\n', at), text.size());
        controls.handleLine(confineGraphPath(text.substr(at, end - at)));
        session.process(input.pointers.data(), kChannels, output.pointers.data(), kFrames);
        fuzz::requireFinite(output.data, kFrames, "output after stdin commands");
        controls.collect();
        at = end + 1;
    }
    return 0;
}
