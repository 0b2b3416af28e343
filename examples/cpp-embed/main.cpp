// cpp-embed: wavegraph embedded in a C++ program through the installed package
// (find_package(wavegraph) → wavegraph::core, wavegraph::host).
//
//   cpp-embed IN.wav OUT.wav [GRAPH.json] [--play BACKEND]
//
// Renders IN (any file libsndfile reads) through GRAPH (default: the reference graph) into OUT
// (32-bit float WAV) with the core's HostSession, block by block as `wavegraph render` does, then
// with --play plays OUT through the host's backend layer (e.g. `--play null`: no device needed).
// Errors: one line on stderr, exit status 1.
#include <fcntl.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "host/backend/audio_stream.h"
#include "host/backend/backend_factory.h"
#include "host/sound_file_reader.h"
#include "host/sound_file_writer.h"
#include "session/host_session.h"

namespace {

constexpr uint32_t kBlockFrames = 512;

int fail(const std::string& message) {
    std::fprintf(stderr, "cpp-embed: %s\n", message.c_str());
    return 1;
}

// Renders `inPath` through `session` into `outPath`. [control]
wavegraph::Status renderFile(const std::string& inPath, const std::string& outPath, const std::string& graphJson,
                             uint64_t& framesOut) {
    using namespace wavegraph;
    cli::SoundFileReader reader;
    if (auto s = reader.open(inPath); !s) return s;
    const cli::SoundFileInfo info = reader.info();
    HostSession session;
    if (auto s = session.prepare({info.sampleRateHz, kBlockFrames, info.channels}); !s) return s;
    if (auto s = graphJson.empty() ? session.loadReferenceGraph() : session.loadGraph(graphJson); !s) return s;
    const int fd = ::open(outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return Status::error("cannot write '" + outPath + "'");
    cli::SoundFileWriter writer;
    if (auto s = writer.open(fd, outPath, info.channels, info.sampleRateHz); !s) return s;
    std::vector<std::vector<float>> in(info.channels, std::vector<float>(kBlockFrames));
    std::vector<std::vector<float>> out(info.channels, std::vector<float>(kBlockFrames));
    std::vector<float*> inPointers, outPointers;
    for (uint32_t ch = 0; ch < info.channels; ++ch) {
        inPointers.push_back(in[ch].data());
        outPointers.push_back(out[ch].data());
    }
    framesOut = 0;
    for (;;) {
        uint32_t frames = 0;
        if (auto s = reader.readPlanar(inPointers.data(), kBlockFrames, frames); !s) return s;
        if (frames == 0) break;
        session.process(inPointers.data(), info.channels, outPointers.data(), frames);
        if (auto s = writer.writePlanar(outPointers.data(), frames); !s) return s;
        framesOut += frames;
    }
    return writer.close();
}

// Plays a file through a backend of the host layer: the callback copies decoded frames. [control]
class FilePlayback final : public wavegraph::host::StreamCallback {
public:
    explicit FilePlayback(const wavegraph::cli::PlanarAudio& audio) : audio_(audio) {}
    bool process(const float* const*, uint32_t, float* const* output, uint32_t outputChannels, uint32_t frames,
                 const wavegraph::host::CallbackTime&) override {  // [audio]
        size_t position = position_.load(std::memory_order_relaxed);
        for (uint32_t i = 0; i < frames; ++i, ++position)
            for (uint32_t ch = 0; ch < outputChannels; ++ch)
                output[ch][i] =
                    position < audio_.numFrames() ? audio_.channel(ch % audio_.numChannels())[position] : 0.0f;
        position_.store(position, std::memory_order_release);
        return true;
    }
    /// Every frame of the file was handed to the backend. [any]
    bool finished() const { return position_.load(std::memory_order_acquire) >= audio_.numFrames(); }

private:
    const wavegraph::cli::PlanarAudio& audio_;
    std::atomic<size_t> position_{0};
};

wavegraph::Status playFile(const std::string& path, const std::string& backendName) {
    using namespace wavegraph;
    cli::PlanarAudio audio;
    cli::SoundFileInfo info;
    if (auto s = cli::readWholeFile(path, audio, info); !s) return s;
    auto backend = host::makeBackend(backendName);
    if (backend == nullptr) return Status::error("unknown backend '" + backendName + "'");
    if (auto s = backend->initialize(); !s.isOk()) return Status::error(s.message());
    host::DeviceInfo device;
    if (auto s = backend->defaultDevice(host::StreamDirection::output, device); !s.isOk())
        return Status::error(s.message());
    host::AudioConfig config;
    config.sampleRateHz = info.sampleRateHz;
    config.channels = info.channels;
    FilePlayback playback(audio);
    std::unique_ptr<host::AudioStream> stream;
    if (auto s = backend->openOutputStream(device.id, config, playback, stream); !s.isOk())
        return Status::error(s.message());
    if (auto s = stream->play(); !s.isOk()) return Status::error(s.message());
    while (!playback.finished()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    (void)stream->stop();
    std::printf("played %s through %s: %llu frames, %llu underruns\n", path.c_str(), backendName.c_str(),
                static_cast<unsigned long long>(stream->framesProcessed()),
                static_cast<unsigned long long>(stream->underruns()));
    return Status::ok();
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string backend;
    for (size_t i = 0; i < args.size(); ++i)
        if (args[i] == "--play" && i + 1 < args.size()) {
            backend = args[i + 1];
            args.erase(args.begin() + static_cast<long>(i), args.begin() + static_cast<long>(i) + 2);
            break;
        }
    if (args.size() < 2 || args.size() > 3)
        return fail("usage: cpp-embed IN.wav OUT.wav [GRAPH.json] [--play BACKEND]");
    std::string graphJson;
    if (args.size() == 3) {
        std::ifstream file(args[2]);
        if (!file) return fail("cannot read '" + args[2] + "'");
        std::stringstream text;
        text << file.rdbuf();
        graphJson = text.str();
    }
    uint64_t frames = 0;
    if (auto s = renderFile(args[0], args[1], graphJson, frames); !s) return fail(s.message());
    std::printf("rendered %s → %s: %llu frames\n", args[0].c_str(), args[1].c_str(),
                static_cast<unsigned long long>(frames));
    if (!backend.empty())
        if (auto s = playFile(args[1], backend); !s) return fail(s.message());
    return 0;
}
