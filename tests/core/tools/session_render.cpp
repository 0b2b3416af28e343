// session_render: the reference graph through GraphSession over planar float32 samples, with
// parameter changes at exact frames (ramped, as a host's commands are). For tests that compare the
// native core with the wasm core's renderOffline({ automation }) sample for sample.
//
//   session_render RATE CHANNELS IN.f32 OUT.f32 [--band-gains G0,G1,…] [--gain-db DB]
//                  [--at FRAME NODE PARAM VALUE]…
//
// IN.f32 / OUT.f32: raw little-endian float32, channel after channel (planar). NODE and PARAM
// are JSON ids and parameter names ("eq" "band4.gainDb"). WAVEGRAPH_KERNEL as for the CLI.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "dsp/biquad/biquad_cascade.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"

using namespace wavegraph;

namespace {

int fail(const std::string& message) {
    std::fprintf(stderr, "session_render: %s\n", message.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5)
        return fail(
            "usage: session_render RATE CHANNELS IN.f32 OUT.f32 [--band-gains G,…] [--gain-db DB] [--at FRAME NODE "
            "PARAM VALUE]…");
    if (const char* text = std::getenv("WAVEGRAPH_KERNEL"); text != nullptr && *text != '\0') {
        const auto kernel = BiquadCascade::kernelFromName(text);
        if (!kernel || !BiquadCascade::setDefaultKernel(*kernel))
            return fail(std::string("WAVEGRAPH_KERNEL ") + text + " is unknown or not supported by this CPU");
        std::fprintf(stderr, "session_render: biquad kernel: %s (WAVEGRAPH_KERNEL)\n",
                     std::string(BiquadCascade::kernelName(*kernel)).c_str());
    }
    const double rate = std::atof(argv[1]);
    const auto channels = static_cast<uint32_t>(std::atoi(argv[2]));
    ReferenceGraphOptions options;
    struct At {
        int64_t frame;
        std::string node, param;
        double value;
    };
    std::vector<At> changes;
    for (int i = 5; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--band-gains" && i + 1 < argc) {
            std::stringstream list(argv[++i]);
            for (std::string item; std::getline(list, item, ',');)
                options.bandGainsDb.push_back(std::atof(item.c_str()));
        } else if (arg == "--gain-db" && i + 1 < argc) {
            options.gainDb = std::atof(argv[++i]);
        } else if (arg == "--at" && i + 4 < argc) {
            changes.push_back({std::atoll(argv[i + 1]), argv[i + 2], argv[i + 3], std::atof(argv[i + 4])});
            i += 4;
        } else {
            return fail("unknown or incomplete option " + arg);
        }
    }

    std::ifstream inFile(argv[3], std::ios::binary);
    const std::vector<char> bytes((std::istreambuf_iterator<char>(inFile)), std::istreambuf_iterator<char>());
    if (!inFile && !inFile.eof()) return fail(std::string("cannot read ") + argv[3]);
    if (channels == 0 || bytes.size() % (sizeof(float) * channels) != 0)
        return fail("IN.f32 is not CHANNELS planar channels of float32");
    const size_t frames = bytes.size() / sizeof(float) / channels;
    std::vector<float> samples(frames * channels);
    std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(samples.data()));

    constexpr uint32_t kBlock = 4096;
    GraphSession session;
    if (auto s = session.prepare(ProcessSpec{rate, kBlock, channels}, 256, 4096); !s) return fail(s.message());
    if (auto s = session.loadGraph(referenceGraphJson(options)); !s) return fail(s.message());
    for (const At& change : changes) {
        const int64_t node = session.nodeId(change.node);
        const Node* instance = node < 0 ? nullptr : session.node(static_cast<uint32_t>(node));
        const int param = instance == nullptr ? -1 : instance->parameterIndex(change.param);
        if (param < 0) return fail("no parameter " + change.node + "." + change.param);
        if (auto s = session.validateCommand(static_cast<uint32_t>(node), static_cast<uint32_t>(param), change.value);
            !s)
            return fail(s.message());
        if (!session.engine().commandRing().tryPush(
                {static_cast<uint32_t>(node), static_cast<uint32_t>(param), change.value, change.frame, 0, 0}))
            return fail("too many --at changes");
    }
    std::vector<float> out(samples.size());
    for (size_t start = 0; start < frames; start += kBlock) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(kBlock, frames - start));
        std::vector<const float*> in(channels);
        std::vector<float*> o(channels);
        for (uint32_t c = 0; c < channels; ++c) {
            in[c] = samples.data() + c * frames + start;
            o[c] = out.data() + c * frames + start;
        }
        session.process(in.data(), channels, o.data(), n, static_cast<int64_t>(start));
        session.collectRetired();
    }
    std::ofstream outFile(argv[4], std::ios::binary);
    outFile.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size() * sizeof(float)));
    if (!outFile) return fail(std::string("cannot write ") + argv[4]);
    std::fprintf(stderr, "session_render: %zu frames x %u channels, %llu commands applied\n", frames, channels,
                 static_cast<unsigned long long>(session.engine().commandsApplied()));
    return 0;
}
