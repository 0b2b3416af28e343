#include "play_command.h"

#include <portaudio.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <string>

#include "error_line.h"
#include "exit_codes.h"
#include "interrupt_signal.h"
#include "number_parsing.h"
#include "output_stream.h"
#include "planar_audio.h"
#include "playback_callback.h"
#include "portaudio_session.h"
#include "reference_chain.h"
#include "sound_file_reader.h"
#include "stdin_commands.h"

namespace wavegraph::cli {

namespace {
constexpr uint32_t kChainBlockFrames = 4096;
constexpr int64_t kMinBufferFrames = 16, kMaxBufferFrames = 4096;

bool parseOptions(const PlayOptions& options, double& seconds, uint32_t& bufferFrames) {  // [control]
    seconds = 0.0;
    if (options.seconds) {
        const auto value = parseNumber(*options.seconds);
        if (!value || !std::isfinite(*value) || *value <= 0.0) {
            printLine("--seconds " + *options.seconds + ": " + (value ? "out of range" : "not a number") +
                      " (allowed: more than 0 s)");
            return false;
        }
        seconds = *value;
    }
    const auto frames = parseWholeNumber(options.bufferFrames);
    if (!frames || *frames < kMinBufferFrames || *frames > kMaxBufferFrames) {
        printLine("--buffer-frames " + options.bufferFrames + ": " + (frames ? "out of range" : "not a whole number") +
                  " (allowed " + std::to_string(kMinBufferFrames) + "…" + std::to_string(kMaxBufferFrames) + ")");
        return false;
    }
    bufferFrames = static_cast<uint32_t>(*frames);
    return true;
}

/// Waits until the stream completes, "quit" arrives on stdin or a signal; returns why. [control]
const char* waitForEnd(const OutputStream& stream, const PlaybackState& state,
                       const std::atomic<bool>& quitRequested, bool& failed) {
    failed = false;
    for (;;) {
        if (interruptRequested()) return interruptSignal() == SIGINT ? "SIGINT" : "SIGTERM";
        if (quitRequested.load()) return "quit";
        const bool finished = state.finished.load(std::memory_order_acquire);
        if (!stream.isActive()) {
            failed = !finished;
            return finished ? "the end" : "the stream stopping unexpectedly";
        }
        Pa_Sleep(10);
    }
}
}  // namespace

int runPlay(const PlayOptions& options) {  // [control]
    double seconds = 0.0;
    uint32_t bufferFrames = 0;
    if (!parseOptions(options, seconds, bufferFrames)) return kExitBadInput;

    // 1. Decode the whole input before touching the device (the callback only reads memory).
    PlanarAudio file;
    SoundFileInfo fileInfo;
    if (options.inputPath) {
        if (auto status = readWholeFile(*options.inputPath, file, fileInfo); !status) {
            printLine(status.message());
            return kExitBadInput;
        }
    }

    // 2. The device, and the shape of the audio: IN's, or 2 channels at the device's rate.
    PortAudioSession session;
    if (auto status = session.initialize(); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    PaDeviceIndex device = paNoDevice;
    if (auto status = findOutputDevice(options.device, device); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    const PaDeviceInfo* deviceInfo = Pa_GetDeviceInfo(device);
    const auto deviceChannels = static_cast<uint32_t>(std::max(deviceInfo->maxOutputChannels, 1));
    ProcessSpec spec;
    spec.numChannels = options.inputPath ? fileInfo.channels : std::min<uint32_t>(2, deviceChannels);
    spec.sampleRateHz = options.inputPath ? fileInfo.sampleRateHz : deviceInfo->defaultSampleRate;
    spec.maxBlockFrames = kChainBlockFrames;
    if (spec.numChannels > deviceChannels) {
        printLine("'" + *options.inputPath + "' has " + std::to_string(spec.numChannels) + " channels but " +
                  describeDevice(device) + " has " + std::to_string(deviceChannels) + " outputs");
        return kExitRuntime;
    }

    // 3. The chain: IN → EQ → gain, or pink noise (source kind 1) without IN.
    ReferenceChain chain;
    if (auto status = chain.prepare(spec); !status) {
        printLine(status.message());
        return options.inputPath ? kExitBadInput : kExitRuntime;
    }
    if (!options.inputPath) chain.applyNow(CommandRecord{node::source, param::sourceKind, 1.0, 0, 0});

    PlaybackState state;
    state.chain = &chain;
    state.file = options.inputPath ? &file : nullptr;
    state.numChannels = spec.numChannels;
    state.endFrame = options.inputPath ? file.numFrames() : UINT64_MAX;
    bool limitedBySeconds = false;
    if (seconds > 0.0) {
        const auto secondsFrames = static_cast<uint64_t>(std::llround(std::min(seconds * spec.sampleRateHz, 1e18)));
        limitedBySeconds = secondsFrames < state.endFrame;
        state.endFrame = std::min(state.endFrame, secondsFrames);
    }

    // 4. Play, forwarding stdin commands, until the end, "quit" or Ctrl-C.
    OutputStream stream;
    if (auto status = stream.start(device, spec.numChannels, spec.sampleRateHz, bufferFrames, playbackCallback, &state);
        !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    char startLine[512];
    std::snprintf(startLine, sizeof startLine,
                  "playing %s on %s: %s, %u-frame buffers, output latency %.1f ms; stdin: eq BAND DB | gain DB | quit",
                  options.inputPath ? ("'" + *options.inputPath + "'").c_str() : "pink noise",
                  describeDevice(device).c_str(), describeFormat(spec.sampleRateHz, spec.numChannels).c_str(),
                  bufferFrames, stream.outputLatencySeconds() * 1000.0);
    printLine(startLine);

    std::atomic<bool> quitRequested{false};
    StdinCommandReader reader(chain, quitRequested);
    reader.start();
    bool failed = false;
    std::string reason = waitForEnd(stream, state, quitRequested, failed);
    reader.stop();
    stream.stop();
    if (failed) {
        printLine("the stream on " + describeDevice(device) + " stopped unexpectedly");
        return kExitRuntime;
    }
    if (reason == "the end") reason = limitedBySeconds ? "--seconds" : "end of file";

    const uint64_t frames = state.framesPlayed.load();
    const uint32_t underflows = state.underflows.load();
    char summary[256];
    std::snprintf(summary, sizeof summary, "played %.3f s (%llu frames), stopped by %s; %u underflow%s",
                  static_cast<double>(frames) / spec.sampleRateHz, static_cast<unsigned long long>(frames),
                  reason.c_str(), underflows, underflows == 1 ? "" : "s");
    printLine(summary);
    return kExitOk;
}

}  // namespace wavegraph::cli
