#include "cli/track_command.h"

#include <portaudio.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "host/error_line.h"
#include "cli/exit_codes.h"
#include "cli/interrupt_signal.h"
#include "host/number_parsing.h"
#include "host/output_stream.h"
#include "host/portaudio_session.h"
#include "cli/progress_bar.h"
#include "host/quiet_stderr.h"
#include "cli/render_output.h"
#include "host/sound_file_writer.h"
#include "host/temporary_output_file.h"
#include "track/track_player.h"

namespace wavegraph::cli {

namespace {
constexpr uint32_t kRenderBlockFrames = 4096;
constexpr int64_t kMinBufferFrames = 16, kMaxBufferFrames = 4096;

std::string fileName(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

/// Reads and validates the track; false after printing one line. [control]
bool loadTrack(const std::string& path, TrackPlayer& player) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        printLine("cannot open '" + path + "': " + std::strerror(errno));
        return false;
    }
    std::string text;
    char buffer[65536];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
    std::fclose(file);
    if (auto status = player.load(text); !status) {
        printLine(path + ": " + status.message());
        return false;
    }
    return true;
}

std::string clock(double seconds) {
    char text[32];
    const auto whole = static_cast<long long>(seconds);
    std::snprintf(text, sizeof text, "%lld:%04.1f", whole / 60, seconds - static_cast<double>(whole / 60 * 60));
    return text;
}

int runTrackRender(const TrackOptions& options) {  // [control]
    TrackPlayer player;
    if (!loadTrack(options.trackPath, player)) return kExitBadInput;
    const double sampleRateHz = player.trackSampleRateHz();
    if (auto status = player.prepare({sampleRateHz, kRenderBlockFrames, 2}); !status) {
        printLine(options.trackPath + ": " + status.message());
        return kExitBadInput;
    }
    TemporaryOutputFile temporary;
    if (auto status = temporary.create(options.outputPath); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    SoundFileWriter writer;
    if (auto status = writer.open(temporary.releaseDescriptor(), options.outputPath, 2, sampleRateHz); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    std::vector<float> left(kRenderBlockFrames), right(kRenderBlockFrames);
    float* channels[2] = {left.data(), right.data()};
    ProgressBar progress("rendering " + fileName(options.trackPath), player.durationSeconds(),
                         ProgressBar::stderrIsTerminal());
    const int64_t total = player.durationFrames();
    float peak = 0.0f;
    for (int64_t done = 0; done < total;) {
        if (interruptRequested()) {
            progress.finish();
            printLine("interrupted; '" + options.outputPath + "' was not written");
            return kExitInterrupted;
        }
        const auto frames = static_cast<uint32_t>(std::min<int64_t>(kRenderBlockFrames, total - done));
        player.process(channels, frames);
        for (uint32_t i = 0; i < frames; ++i) peak = std::max({peak, std::fabs(left[i]), std::fabs(right[i])});
        if (auto status = writer.writePlanar(channels, frames); !status) {
            progress.finish();
            printLine(status.message());
            return kExitRuntime;
        }
        done += frames;
        progress.update(static_cast<double>(done) / sampleRateHz);
    }
    progress.finish();
    if (auto status = finishOutputFile(writer, temporary); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    char summary[512];
    std::snprintf(summary, sizeof summary, "rendered '%s': %lld frames x 2 channels at %g Hz (%.3f s, %zu steps), peak %s",
                  options.outputPath.c_str(), static_cast<long long>(total), sampleRateHz, player.durationSeconds(),
                  player.description().steps.size(), peakDbfsText(peak).c_str());
    printLine(summary);
    return kExitOk;
}

/// Shared by the PortAudio callback [audio] and the control thread (atomics only after start).
struct TrackPlaybackState {
    TrackPlayer* player = nullptr;
    int64_t endFrame = 0;  ///< frames to play (the track, or --seconds)
    std::atomic<bool> finished{false};
    std::atomic<uint32_t> underflows{0};
};

/// paFloat32 | paNonInterleaved stereo; renders the track until endFrame, then silence and
/// paComplete. [audio] noexcept.
int trackCallback(const void* /*input*/, void* output, unsigned long frameCount,
                  const PaStreamCallbackTimeInfo* /*timeInfo*/, PaStreamCallbackFlags statusFlags,
                  void* userData) noexcept {
    auto& state = *static_cast<TrackPlaybackState*>(userData);
    auto* const* out = static_cast<float* const*>(output);
    if (statusFlags & paOutputUnderflow) state.underflows.fetch_add(1, std::memory_order_relaxed);
    const int64_t left = std::max<int64_t>(0, state.endFrame - state.player->positionFrames());
    const auto frames = static_cast<uint32_t>(std::min<int64_t>(static_cast<int64_t>(frameCount), left));
    state.player->process(out, frames);
    for (int c = 0; c < 2; ++c) std::fill(out[c] + frames, out[c] + frameCount, 0.0f);
    if (state.player->positionFrames() >= state.endFrame) {
        state.finished.store(true, std::memory_order_release);
        return paComplete;
    }
    return paContinue;
}

int runTrackPlay(const TrackOptions& options) {  // [control]
    double seconds = 0.0;
    if (options.seconds) {
        const auto value = parseNumber(*options.seconds);
        if (!value || !std::isfinite(*value) || *value <= 0.0) {
            printLine("--seconds " + *options.seconds + ": " + (value ? "out of range" : "not a number") +
                      " (allowed: more than 0 s)");
            return kExitBadInput;
        }
        seconds = *value;
    }
    const auto bufferFrames = parseWholeNumber(options.bufferFrames);
    if (!bufferFrames || *bufferFrames < kMinBufferFrames || *bufferFrames > kMaxBufferFrames) {
        printLine("--buffer-frames " + options.bufferFrames + ": " + (bufferFrames ? "out of range" : "not a whole number") +
                  " (allowed " + std::to_string(kMinBufferFrames) + "…" + std::to_string(kMaxBufferFrames) + ")");
        return kExitBadInput;
    }
    TrackPlayer player;
    if (!loadTrack(options.trackPath, player)) return kExitBadInput;

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
    if (Pa_GetDeviceInfo(device)->maxOutputChannels < 2) {
        printLine(describeDevice(device) + " has fewer than 2 outputs (tracks are stereo)");
        return kExitRuntime;
    }
    // The track's rate when the device takes it, else the device's own (tracks are synthesised,
    // so any rate plays; only frequencies above the device's Nyquist would alias).
    double sampleRateHz = player.trackSampleRateHz();
    PaStreamParameters probe{};
    probe.device = device;
    probe.channelCount = 2;
    probe.sampleFormat = paFloat32 | paNonInterleaved;
    probe.suggestedLatency = Pa_GetDeviceInfo(device)->defaultLowOutputLatency;
    bool trackRateWorks = false;
    {
        QuietStderr quiet;  // host libraries print their own probing chatter
        trackRateWorks = Pa_IsFormatSupported(nullptr, &probe, sampleRateHz) == paFormatIsSupported;
    }
    if (!trackRateWorks) sampleRateHz = Pa_GetDeviceInfo(device)->defaultSampleRate;
    const auto blockFrames = static_cast<uint32_t>(*bufferFrames);
    if (auto status = player.prepare({sampleRateHz, std::max<uint32_t>(blockFrames, 1024), 2}); !status) {
        printLine(options.trackPath + ": " + status.message());
        return kExitBadInput;
    }
    TrackPlaybackState state;
    state.player = &player;
    state.endFrame = player.durationFrames();
    if (seconds > 0.0) state.endFrame = std::min<int64_t>(state.endFrame, std::llround(std::min(seconds * sampleRateHz, 1e15)));

    OutputStream stream;
    if (auto status = stream.start(device, 2, sampleRateHz, blockFrames, trackCallback, &state); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    char startLine[512];
    std::snprintf(startLine, sizeof startLine, "playing '%s' (%s, %zu steps) on %s: %s, %u-frame buffers",
                  options.trackPath.c_str(), clock(player.durationSeconds()).c_str(), player.description().steps.size(),
                  describeDevice(device).c_str(), describeFormat(sampleRateHz, 2).c_str(), blockFrames);
    printLine(startLine);

    const double endSeconds = static_cast<double>(state.endFrame) / sampleRateHz;
    ProgressBar position("playing " + fileName(options.trackPath), endSeconds, ProgressBar::stderrIsTerminal());
    std::string reason;
    bool failed = false;
    for (;;) {
        position.update(player.positionSeconds());
        if (interruptRequested()) { reason = interruptSignal() == SIGINT ? "SIGINT" : "SIGTERM"; break; }
        if (!stream.isActive()) {
            failed = !state.finished.load(std::memory_order_acquire);
            reason = state.endFrame < player.durationFrames() ? "--seconds" : "the end of the track";
            break;
        }
        Pa_Sleep(50);
    }
    stream.stop();
    position.finish();
    if (failed) {
        printLine("the stream on " + describeDevice(device) + " stopped unexpectedly");
        return kExitRuntime;
    }
    const uint32_t underflows = state.underflows.load();
    char summary[256];
    std::snprintf(summary, sizeof summary, "played %.3f s of %.3f s (%lld frames), stopped by %s; %u underflow%s",
                  player.positionSeconds(), player.durationSeconds(), static_cast<long long>(player.positionFrames()),
                  reason.c_str(), underflows, underflows == 1 ? "" : "s");
    printLine(summary);
    return kExitOk;
}
}  // namespace

void addTrackCommand(CLI::App& app, TrackOptions& options) {  // [control]
    auto* track = app.add_subcommand("track", "Render or play a track: timed steps of binaural beats, isochronic "
                                              "tones, sines and noise with envelopes and crossfades "
                                              "(format: docs/tracks.md).");
    track->require_subcommand(1);
    track->footer(kExitCodesFooter);
    auto* render = track->add_subcommand("render", "Render TRACK to OUT, a 32-bit float stereo WAV at the track's "
                                                   "sample_rate. A progress bar shows on a terminal.");
    render->add_option("TRACK", options.trackPath, "the track JSON file")->required();
    render->add_option("OUT", options.outputPath, "output WAV file (written only if the whole render succeeds)")->required();
    render->footer(std::string("Example: wavegraph track render examples/tracks/focus-binaural.json focus.wav\n") +
                   kExitCodesFooter);
    render->callback([&options] { options.render = true; });
    auto* play = track->add_subcommand("play", "Play TRACK on an audio output device, showing the position on a "
                                               "terminal. Uses the track's sample_rate when the device takes it, else "
                                               "the device's default rate.");
    play->add_option("TRACK", options.trackPath, "the track JSON file")->required();
    play->add_option("--device", options.device,
                     "output device: index or part of 'host API: name' from 'wavegraph devices' "
                     "(default: PortAudio's default output)")
        ->type_name("NAME");
    play->add_option("--seconds", options.seconds, "stop after this many seconds (default: the whole track)")
        ->type_name("S");
    play->add_option("--buffer-frames", options.bufferFrames, "frames per audio callback, 16…4096 (default 256)")
        ->type_name("N");
    play->footer(std::string("Example: wavegraph track play examples/tracks/relax-isochronic.json --seconds 30\n") +
                 kExitCodesFooter);
    play->callback([&options] { options.play = true; });
}

int runTrack(const TrackOptions& options) {  // [control]
    if (options.render) return runTrackRender(options);
    if (options.play) return runTrackPlay(options);
    return kExitBadInput;
}

}  // namespace wavegraph::cli
