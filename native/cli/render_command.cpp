#include "cli/render_command.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "cli/command_log.h"
#include "cli/exit_codes.h"
#include "cli/interrupt_signal.h"
#include "cli/processor_failures.h"
#include "cli/progress_bar.h"
#include "cli/render_output.h"
#include "cli/session_setup.h"
#include "host/background_file_reader.h"
#include "host/background_file_writer.h"
#include "host/error_line.h"
#include "host/interleaving.h"
#include "host/planar_audio.h"
#include "host/sound_file_reader.h"
#include "host/sound_file_writer.h"
#include "host/temporary_output_file.h"
#include "session/host_session.h"

namespace wavegraph::cli {

namespace {
constexpr uint32_t kBlockFrames = 4096;  // frames per session.process call
// About the bytes of samples per read and write of the stream (streamFrames): 245,760 stereo
// frames, 60 × kBlockFrames. Large transfers mean few requests to the disk, each of which costs a
// notification of the (virtual) device when the page cache is bypassed; four blocks with their two
// pages of alignment fill four 2 MiB huge pages.
constexpr size_t kStreamBytes = size_t{1920} << 10;
// Blocks being read, read ahead, processed, queued and written.
constexpr uint32_t kStreamBlocks = 4;

// Frames per read and write of the stream for numChannels channels: kStreamBytes of samples,
// rounded down to a multiple of kBlockFrames (at least one), so that the block sizes of the
// processing do not depend on the I/O.
uint32_t streamFrames(uint32_t numChannels) {
    const size_t blocks = kStreamBytes / (size_t{numChannels} * sizeof(float) * kBlockFrames);
    return static_cast<uint32_t>(std::max<size_t>(blocks, 1) * kBlockFrames);
}

std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

int runRender(const RenderOptions& options) {  // [control]
    // 1. The node types, the input and a session shaped like it, with the graph and its
    // starting values.
    NodeRegistry registry;
    if (auto status = makeNodeRegistry(options.pluginPaths, registry); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    SoundFileReader reader;
    if (auto status = reader.open(options.inputPath); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    const SoundFileInfo info = reader.info();
    ProcessSpec spec;
    spec.sampleRateHz = info.sampleRateHz;
    spec.numChannels = info.channels;
    spec.maxBlockFrames = kBlockFrames;
    HostSession session(std::move(registry));
    if (auto status = session.prepare(spec); !status) {
        printLine("'" + options.inputPath + "': " + status.message());
        return kExitBadInput;
    }
    session.graph().setObserved(false);  // a render reads no meter readings or analyser taps
    SessionSetup setup;
    setup.graphPath = options.graphPath;
    setup.parameters = {options.eqSettings, options.gainDb};
    if (auto status = setUpSession(session, setup); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    CommandReplay replay;
    if (options.commandsPath) {
        if (auto status = replay.load(*options.commandsPath); !status) {
            printLine(status.message());
            return kExitBadInput;
        }
    }

    // 2. Output through a temporary file beside OUT.
    TemporaryOutputFile temporary;
    if (auto status = temporary.create(options.outputPath); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    SoundFileWriter writer;
    if (auto status = writer.open(temporary.releaseDescriptor(), options.outputPath, info.channels, info.sampleRateHz);
        !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    // The samples go between the program's memory and the disk without the page cache's copies
    // where the file systems allow (a float WAV input; any output on a regular file); libsndfile
    // reads and writes the headers. Elsewhere, or with WAVEGRAPH_BUFFERED_IO=1 in the
    // environment, they are read and written buffered: the same bytes.
    std::error_code notRegular;
    const bool regularInput = std::filesystem::is_regular_file(options.inputPath, notRegular);
    const char* buffered = std::getenv("WAVEGRAPH_BUFFERED_IO");
    if (buffered == nullptr || std::string_view(buffered) != "1") {
        if (regularInput) reader.bypassPageCache();
        writer.bypassPageCache(temporary.temporaryPath());
    }

    // 3. Read streamFrames() interleaved frames at a time into a free block of the background
    // writer (ahead, on the reader's thread, for a regular file), process them in kBlockFrames
    // planar blocks (the block sizes of the processing do not depend on the I/O) from the block's
    // input area into its samples, and queue the block; the writer's thread writes it meanwhile.
    PlanarAudio block;
    block.resize(info.channels, kBlockFrames);
    auto channels = block.pointersFrom(0);
    const bool lengthKnown = info.frames > 0 && info.frames < INT64_MAX;  // pipes report INT64_MAX
    if (lengthKnown) writer.reserve(static_cast<uint64_t>(info.frames));
    const double totalSeconds = lengthKnown ? static_cast<double>(info.frames) / info.sampleRateHz : 0.0;
    ProgressBar progress("rendering " + fileName(options.inputPath), totalSeconds, ProgressBar::stderrIsTerminal());
    int64_t framesDone = 0;
    ProcessorFailures failures;
    const uint32_t stream = streamFrames(info.channels);
    BackgroundFileWriter background(writer, info.channels, stream, kStreamBlocks);
    // A read of a pipe can wait indefinitely: only a regular file is read on a thread of its own.
    BackgroundFileReader input(reader, background, stream, regularInput);
    for (;;) {
        if (interruptRequested()) {
            progress.finish();
            printLine("interrupted; '" + options.outputPath + "' was not written");
            return kExitInterrupted;
        }
        unsigned char* block = nullptr;
        const unsigned char* in = nullptr;
        uint32_t frames = 0;
        if (auto status = input.next(block, in, frames); !status) {
            progress.finish();
            printLine(status.message());
            return kExitBadInput;
        }
        if (block == nullptr) {  // a write failed
            progress.finish();
            printLine(background.finish().message());
            return kExitRuntime;
        }
        if (frames == 0) break;
        float* out = background.samples(block);  // before `in`: frame i never overwrites a later frame's input
        const size_t frameBytes = size_t{info.channels} * sizeof(float);
        float blockPeak = 0.0f;  // of the samples written into the block
        for (uint32_t at = 0; at < frames;) {
            // --commands: a graph swap starts a block; the block's sets are queued at their frames.
            const int64_t position = framesDone + at;
            const uint32_t n = replay.blockFrames(position, std::min(kBlockFrames, frames - at));
            if (auto status = replay.beforeBlock(session, position, n); !status) {
                progress.finish();
                printLine(status.message());
                return kExitBadInput;
            }
            deinterleaveBytes(in + at * frameBytes, info.channels, n, channels.data());
            session.process(channels.data(), info.channels, channels.data(), n);  // in place is safe
            failures.drain(session.graph());
            blockPeak =
                interleaveWithPeak(channels.data(), info.channels, n, out + size_t{at} * info.channels, blockPeak);
            at += n;
        }
        background.submit(block, frames, blockPeak);
        framesDone += frames;
        progress.update(static_cast<double>(framesDone) / info.sampleRateHz);
    }
    if (auto status = background.finish(); !status) {
        progress.finish();
        printLine(status.message());
        return kExitRuntime;
    }
    progress.finish();
    const float peak = writer.samplePeak();  // every sample written (interleaveWithPeak's block peaks)
    if (auto status = finishOutputFile(writer, temporary); !status) {
        printLine(status.message());
        return kExitRuntime;
    }

    if (const std::string line = failures.summary(session.graph()); !line.empty()) printLine(line);
    char summary[512];
    std::snprintf(summary, sizeof summary, "rendered '%s': %lld frames x %u channel%s at %g Hz (%.3f s), peak %s",
                  options.outputPath.c_str(), static_cast<long long>(framesDone), info.channels,
                  info.channels == 1 ? "" : "s", info.sampleRateHz, static_cast<double>(framesDone) / info.sampleRateHz,
                  peakDbfsText(peak).c_str());
    printLine(summary);
    return kExitOk;
}

}  // namespace wavegraph::cli
