#include "cli/play_command.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <utility>

#include "cli/command_log.h"
#include "cli/exit_codes.h"
#include "cli/interrupt_signal.h"
#include "cli/play_controls.h"
#include "cli/play_service.h"
#include "cli/progress_bar.h"
#include "cli/session_setup.h"
#include "cli/stdin_commands.h"
#include "host/backend/backend_factory.h"
#include "host/backend/fault_injection.h"
#include "host/backend/stream_supervisor.h"
#include "host/error_line.h"
#include "host/file_feeder.h"
#include "host/icecast_stream.h"
#include "host/input_mixer.h"
#include "host/level_meter.h"
#include "host/number_parsing.h"
#include "host/play_engine.h"
#include "host/recorder.h"
#include "host/sound_file_reader.h"
#include "nodes/gain_node.h"
#include "track/track_player.h"

namespace wavegraph::cli {

namespace {
constexpr uint32_t kRingFrames = 32768;        // per file input
constexpr uint32_t kFeederLeadFrames = 16384;  // how far the feeder keeps ahead of the mixer
constexpr uint32_t kFeederBlockFrames = 4096;  // frames per read from disk
constexpr uint32_t kFanOutFrames = 1u << 16;   // 1.37 s at 48 kHz for the recorder and meters

using host::BackendStatus;

struct Parsed {
    double seconds = 0.0;
    double sampleRateHz = 0.0;
    uint32_t bufferFrames = 256;
    host::SampleFormat format = host::SampleFormat::f32;
    std::vector<double> gainsDb;
    std::vector<std::string> backends;
};

bool fail(const std::string& message) {  // [control]
    printLine(message);
    return false;
}

std::vector<std::string> splitNames(const std::vector<std::string>& values) {  // [control]
    std::vector<std::string> names;
    for (const auto& value : values) {
        std::stringstream list(value);
        for (std::string name; std::getline(list, name, ',');)
            if (!name.empty()) names.push_back(name);
    }
    return names;
}

bool parseOptions(const PlayOptions& options, Parsed& out) {  // [control]
    if (options.seconds) {
        const auto value = parseNumber(*options.seconds);
        if (!value || !std::isfinite(*value) || *value <= 0.0)
            return fail("--seconds " + *options.seconds + ": " + (value ? "out of range" : "not a number") +
                        " (allowed: more than 0 s)");
        out.seconds = *value;
    }
    const auto frames = parseWholeNumber(options.bufferFrames);
    if (!frames || *frames < host::kMinBufferFrames || *frames > host::kMaxBufferFrames)
        return fail("--buffer-frames " + options.bufferFrames + ": " +
                    (frames ? "out of range" : "not a whole number") + " (allowed " +
                    std::to_string(host::kMinBufferFrames) + "…" + std::to_string(host::kMaxBufferFrames) + ")");
    out.bufferFrames = static_cast<uint32_t>(*frames);
    if (options.sampleRate) {
        const auto rate = parseNumber(*options.sampleRate);
        if (!rate || !(*rate >= 8000.0 && *rate <= 768000.0))
            return fail("--sample-rate " + *options.sampleRate + ": " + (rate ? "out of range" : "not a number") +
                        " (allowed 8000…768000 Hz)");
        out.sampleRateHz = *rate;
    }
    if (options.sampleFormat == "f32")
        out.format = host::SampleFormat::f32;
    else if (options.sampleFormat == "i32")
        out.format = host::SampleFormat::i32;
    else if (options.sampleFormat == "i16")
        out.format = host::SampleFormat::i16;
    else
        return fail("--sample-format " + options.sampleFormat + ": unknown (allowed f32, i32, i16)");
    if (options.inputGainsDb.size() > std::max<size_t>(options.inputs.size(), 0))
        return fail("--input-gain: " + std::to_string(options.inputGainsDb.size()) + " gains for " +
                    std::to_string(options.inputs.size()) + " inputs (allowed: at most one per input)");
    // An input's gain is a gain like the graph's: the gain node's gainDb range.
    const GainNode gainNode;
    const ParameterInfo& gainInfo = gainNode.parameters()[GainNode::gainDb];
    for (const auto& text : options.inputGainsDb) {
        const auto db = parseNumber(text);
        if (!db) return fail("--input-gain " + text + ": not a number (allowed " + gainInfo.rangeText() + ")");
        if (auto status = gainInfo.validate(*db); !status)
            return fail("--input-gain " + text + ": input " + status.message());
        out.gainsDb.push_back(*db);
    }
    const auto known = host::knownBackendNames();
    out.backends = splitNames(options.backends);
    if (out.backends.empty()) out.backends = host::platformBackendOrder();
    for (const auto& name : splitNames(options.fallbacks))
        if (std::find(out.backends.begin(), out.backends.end(), name) == out.backends.end())
            out.backends.push_back(name);
    for (const auto& name : out.backends)
        if (std::find(known.begin(), known.end(), name) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
            return fail("--backend " + name + ": unknown backend (allowed " + list + ")");
        }
    if (!host::faultPlanStatus()) return fail(host::faultPlanStatus().message());
    IcecastStreamSetup streamSetup;
    if (auto status = parseStreamOptions(options.stream, streamSetup); !status) return fail(status.message());
    return true;
}

std::string formatFixed(double value, int decimals) {  // [control]
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string fileName(const std::string& path) {  // [control]
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string describeDevice(const host::DeviceInfo& device) {  // [control]
    return device.name + " (" + (device.hostApi.empty() ? device.backend : device.hostApi) + ")";
}
}  // namespace

int runPlay(const PlayOptions& given, PlayService* service) {  // [control]
    PlayOptions options = given;
    options.inputs = options.files;
    options.inputs.insert(options.inputs.end(), options.inputOptions.begin(), options.inputOptions.end());
    Parsed parsed;
    if (!parseOptions(options, parsed)) return kExitBadInput;
    NodeRegistry registry;
    if (auto status = makeNodeRegistry(options.pluginPaths, registry); !status) {
        printLine(status.message());
        return kExitBadInput;
    }

    // 1. Open every input before touching a device (the feeder streams them from disk).
    std::vector<std::unique_ptr<SoundFileReader>> files;
    double fileRateHz = 0.0;
    uint32_t fileChannels = 0;
    uint64_t longestFile = 0;
    for (size_t i = 0; i < options.inputs.size(); ++i) {
        files.push_back(std::make_unique<SoundFileReader>());
        if (auto status = files[i]->open(options.inputs[i]); !status) {
            printLine(status.message());
            return kExitBadInput;
        }
        const SoundFileInfo& info = files[i]->info();
        if (fileRateHz != 0.0 && info.sampleRateHz != fileRateHz) {
            printLine("'" + options.inputs[i] + "' is at " + std::to_string(static_cast<long>(info.sampleRateHz)) +
                      " Hz but '" + options.inputs[0] + "' at " + std::to_string(static_cast<long>(fileRateHz)) +
                      " Hz; inputs must share one rate (play does not resample: convert with sox first)");
            return kExitBadInput;
        }
        fileRateHz = info.sampleRateHz;
        fileChannels = std::max(fileChannels, info.channels);
        longestFile = std::max<uint64_t>(longestFile, static_cast<uint64_t>(std::max<int64_t>(info.frames, 0)));
    }
    // A track feeds the graph instead of files: checked here, played at its own rate unless
    // --sample-rate says otherwise (tracks are synthesised, any rate plays).
    std::string trackText;
    double trackRateHz = 0.0;
    if (options.trackPath) {
        if (auto status = readTrackFile(*options.trackPath, trackText); !status) {
            printLine(status.message());
            return kExitBadInput;
        }
        TrackPlayer track;
        (void)track.load(trackText);
        trackRateHz = track.trackSampleRateHz();
    }
    SessionSetup sessionSetup;
    sessionSetup.graphPath = options.graphPath;
    sessionSetup.parameters = {options.eqSettings, options.gainDb};
    sessionSetup.pinkNoiseSource = files.empty() && !options.trackPath && options.inputDevice.empty();
    sessionSetup.trackPath = options.trackPath;
    {
        // The graph, the --eq/--gain-db values and the track, checked before any device is
        // touched (at the rate the stream will most likely run; rechecked once it is known).
        HostSession check(registry);
        const double rateHz = fileRateHz != 0.0            ? fileRateHz
                              : parsed.sampleRateHz != 0.0 ? parsed.sampleRateHz
                              : trackRateHz != 0.0         ? trackRateHz
                                                           : 48000.0;
        Status status = check.prepare({rateHz, 4096, fileChannels > 0 ? fileChannels : 2});
        if (status) status = setUpSession(check, sessionSetup);
        if (!status) {
            printLine(status.message());
            return kExitBadInput;
        }
    }
    if (fileRateHz != 0.0 && parsed.sampleRateHz != 0.0 && parsed.sampleRateHz != fileRateHz) {
        printLine("--sample-rate " + *options.sampleRate + ": the inputs are at " +
                  std::to_string(static_cast<long>(fileRateHz)) + " Hz (play does not resample)");
        return kExitBadInput;
    }

    // 2. A backend with a usable device (this also fixes the rate when nothing else does).
    host::StreamRequest request;
    request.backends = parsed.backends;
    request.device = options.device;
    request.inputDevice = options.inputDevice;
    request.config.channels = fileChannels > 0 ? fileChannels : 2;
    request.config.sampleRateHz = fileRateHz != 0.0            ? fileRateHz
                                  : parsed.sampleRateHz != 0.0 ? parsed.sampleRateHz
                                                               : trackRateHz;
    request.config.bufferFrames = parsed.bufferFrames;
    request.config.sampleFormat = parsed.format;
    if (options.trackPath && !options.sampleRate) {
        // A track is synthesised, so any rate plays: on a JACK server, whose rate is fixed, a
        // track at another rate plays at the server's (other backends open the track's rate).
        host::StreamRequest scoutRequest = request;
        scoutRequest.config.sampleRateHz = 0.0;
        host::StreamSupervisor scout;
        if (scout.probe(scoutRequest) && scout.outputDevice().backend == "jack" &&
            scoutRequest.config.sampleRateHz != trackRateHz) {
            printLine("the track is at " + formatFixed(trackRateHz, 0) + " Hz; " + scout.outputDevice().backend +
                      " runs at " + formatFixed(scoutRequest.config.sampleRateHz, 0) +
                      " Hz, so the track plays at that rate");
            request.config.sampleRateHz = scoutRequest.config.sampleRateHz;
        }
    }
    host::StreamSupervisor supervisor;
    if (auto status = supervisor.probe(request); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    const double rateHz = request.config.sampleRateHz;

    // 3. The processing: inputs in step (or the track) → graph → device + fan-out ring.
    InputMixer mixer;
    for (size_t i = 0; i < files.size(); ++i)
        mixer.addInput(files[i]->info().channels, kRingFrames, i < parsed.gainsDb.size() ? parsed.gainsDb[i] : 0.0,
                       static_cast<uint64_t>(std::max<int64_t>(files[i]->info().frames, 0)));
    if (service != nullptr) service->addInputs(mixer, request.config.channels, rateHz);
    PlayEngineSetup setup;
    setup.sampleRateHz = rateHz;
    setup.channels = request.config.channels;
    setup.fanOutCapacityFrames = kFanOutFrames;
    if (service != nullptr) setup.commandRingCapacity = service->commandRingCapacity();
    setup.endFrame = files.empty() ? UINT64_MAX : longestFile;
    bool limitedBySeconds = false;
    if (parsed.seconds > 0.0) {
        const auto secondsFrames = static_cast<uint64_t>(std::llround(std::min(parsed.seconds * rateHz, 1e18)));
        limitedBySeconds = secondsFrames < setup.endFrame;
        setup.endFrame = std::min(setup.endFrame, secondsFrames);
    }
    PlayEngine engine(std::move(registry));
    if (auto status = engine.prepare(setup, &mixer); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    if (auto status = setUpSession(engine.session(), sessionSetup); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    const TrackPlayer* track = engine.session().track();
    if (track != nullptr) {
        const auto trackFrames = static_cast<uint64_t>(track->durationFrames());
        limitedBySeconds = parsed.seconds > 0.0 && setup.endFrame < trackFrames;
        engine.setEndFrame(std::min(setup.endFrame, trackFrames));
    }
    std::atomic<bool> started{false};
    std::unique_ptr<IcecastStream> icecast;  // --stream: opened with the other fan-out consumers below
    std::mutex supervisorMutex;              // control threads only: the stdin `status` reads what supervise() changes
    auto statusLine = [&]() -> std::string {
        std::lock_guard<std::mutex> lock(supervisorMutex);
        char text[512];
        const auto* stream = supervisor.stream();
        std::snprintf(text, sizeof text,
                      "status: %.3f s played (%llu frames) on %s via %s, %s, %u-frame buffers; %llu underruns, "
                      "%llu internal errors, %d restarts",
                      static_cast<double>(engine.framesRendered()) / rateHz,
                      static_cast<unsigned long long>(engine.framesRendered()),
                      started ? describeDevice(supervisor.outputDevice()).c_str() : "-",
                      supervisor.backendName().c_str(), host::streamModeName(supervisor.mode()),
                      stream ? stream->config().bufferFrames : 0u,
                      static_cast<unsigned long long>(supervisor.totalUnderruns()),
                      static_cast<unsigned long long>(supervisor.totalInternalErrors()), supervisor.restarts());
        return icecast ? std::string(text) + "; stream " + icecast->summary() : std::string(text);
    };
    PlayControls controls(engine.session(), statusLine);

    // 4. Consumers of the fan-out ring (attached before the producer starts) and the feeder.
    std::unique_ptr<Recorder> recorder;
    if (options.recordPath) {
        recorder = std::make_unique<Recorder>();
        if (auto status = recorder->open(*options.recordPath, engine.fanOut(), rateHz); !status) {
            printLine("--record " + status.message());
            return kExitBadInput;
        }
    }
    CommandLogWriter commandLog;
    if (options.commandLogPath) {
        if (auto status = commandLog.open(*options.commandLogPath); !status) {
            printLine("--command-log " + status.message());
            return kExitBadInput;
        }
    }
    if (auto status = openStream(options.stream, engine.fanOut(), rateHz, icecast); !status) {
        printLine(status.message());
        return kExitBadInput;
    }
    const bool terminal = ProgressBar::stderrIsTerminal();
    LevelMeter meter;
    meter.open(engine.fanOut(), rateHz, options.meters || terminal, terminal);
    std::vector<SoundFileReader*> readers;
    for (const auto& f : files) readers.push_back(f.get());
    FileFeeder feeder;
    feeder.attach(mixer, readers, kFeederLeadFrames, kFeederBlockFrames);
    feeder.prefill();
    if (service != nullptr) {
        if (auto status = service->attach(engine, controls); !status) {
            printLine(status.message());
            return kExitRuntime;
        }
    }

    // 5. Start the stream (falling back along the backends) and the threads around it.
    if (auto status = supervisor.start(engine); !status) {
        printLine(status.message());
        return kExitRuntime;
    }
    started = true;
    if (options.commandLogPath) {
        // Two device buffers, and at least 100 ms: a command queued while a block renders still
        // reaches the block that contains its frame, also when the control thread is held up by
        // other work for a while (one that arrives later is counted as late).
        const uint32_t bufferFrames = supervisor.stream()->config().bufferFrames;
        const uint32_t leadFrames = std::max(2 * bufferFrames, static_cast<uint32_t>(std::lround(0.1 * rateHz)));
        char header[256];
        std::snprintf(header, sizeof header,
                      "wavegraph command log: %.0f Hz, %u channels, %u-frame buffers, commands apply %u frames after "
                      "they arrive",
                      rateHz, request.config.channels, bufferFrames, leadFrames);
        commandLog.comment(header);
        commandLog.comment(
            "FRAME set NODE.PARAM VALUE [now] | FRAME graph FILE.json; replay: wavegraph render IN "
            "OUT --commands LOG with the same graph and options");
        controls.setCommandLog(&commandLog, leadFrames);
    }
    feeder.start();
    if (recorder) recorder->start();
    if (icecast) icecast->start();
    meter.start();
    std::string what = options.trackPath ? "track '" + *options.trackPath + "'"
                       : files.empty()
                           ? (options.graphPath ? "graph '" + *options.graphPath + "'"
                                                : (options.inputDevice.empty() ? "pink noise" : "the input device"))
                           : "";
    for (size_t i = 0; i < files.size(); ++i) what += (i ? " + '" : "'") + options.inputs[i] + "'";
    if ((!files.empty() || options.trackPath) && options.graphPath) what += " through '" + *options.graphPath + "'";
    const auto* stream = supervisor.stream();
    char startLine[1024];
    std::snprintf(startLine, sizeof startLine,
                  "playing %s on %s via %s (%s%s%s): %s, output latency %.1f ms%s%s; "
                  "stdin: set NODE.PARAM VALUE | eq BAND DB | gain DB | graph FILE.json | status | quit | AudioParam "
                  "timeline methods (setValueAtTime NODE.PARAM VALUE TIME_S, …)",
                  what.c_str(), describeDevice(supervisor.outputDevice()).c_str(), supervisor.backendName().c_str(),
                  host::streamModeName(supervisor.mode()),
                  supervisor.mode() == host::StreamMode::duplex ? ", input " : "",
                  supervisor.mode() == host::StreamMode::duplex ? describeDevice(supervisor.inputDevice()).c_str() : "",
                  host::describeConfig(stream->config()).c_str(), 1000.0 * stream->latencyFrames() / rateHz,
                  supervisor.skippedSummary().empty() ? "" : "; skipped: ", supervisor.skippedSummary().c_str());
    if (service == nullptr) {
        printLine(startLine);
    } else {
        PlayStreamInfo info;
        info.sampleRateHz = rateHz;
        info.channels = request.config.channels;
        info.backend = supervisor.backendName();
        info.device = describeDevice(supervisor.outputDevice());
        info.latencyMs = 1000.0 * stream->latencyFrames() / rateHz;
        info.bufferFrames = stream->config().bufferFrames;
        auto counters = [&]() {
            std::lock_guard<std::mutex> lock(supervisorMutex);
            PlayCounters c;
            c.underruns = supervisor.totalUnderruns();
            c.overruns = supervisor.totalOverruns();
            c.internalErrors = supervisor.totalInternalErrors();
            c.restarts = supervisor.restarts();
            if (icecast) {
                c.icecast = true;
                c.icecastConnected = icecast->connected();
                c.icecastFramesSent = icecast->framesSent();
                c.icecastFramesSkipped = icecast->framesSkipped();
                c.icecastReconnects = icecast->reconnects();
            }
            return c;
        };
        if (auto status = service->start(info, counters); !status) {
            printLine(status.message());
            service->stop();
            supervisor.stop();
            feeder.stop();
            meter.stop();
            return kExitRuntime;
        }
    }

    // 6. Run: stdin commands, recovery, until the end, --seconds, quit or a signal.
    StdinCommandReader reader([&controls](std::string_view line) { controls.handleLine(line); });
    reader.start();
    std::string reason;
    bool failed = false;
    for (;;) {
        if (interruptRequested()) {
            reason = interruptSignal() == SIGINT ? "SIGINT" : "SIGTERM";
            break;
        }
        if (controls.quitRequested()) {
            reason = "quit";
            break;
        }
        if (engine.finished()) {
            // Let the device play what it already holds (its latency plus one buffer).
            const auto* s = supervisor.stream();
            const double tail = s ? (s->latencyFrames() + 2.0 * s->config().bufferFrames) / rateHz : 0.0;
            std::this_thread::sleep_for(std::chrono::duration<double>(std::min(tail, 1.0)));
            reason = limitedBySeconds ? "--seconds" : track != nullptr ? "the end of the track" : "end of file";
            break;
        }
        {
            std::lock_guard<std::mutex> lock(supervisorMutex);
            if (auto status = supervisor.supervise(); !status) {
                printLine(status.message());
                failed = true;
                break;
            }
        }
        controls.collect();
        if (service != nullptr) service->poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    reader.stop();
    if (service != nullptr) service->stop();
    supervisor.stop();
    feeder.stop();
    meter.stop();
    if (icecast) icecast->stop();
    const uint64_t frames = engine.framesRendered();
    if (recorder) {
        if (auto status = recorder->finish(frames); !status) {
            printLine("--record " + status.message());
            return kExitRuntime;
        }
    }
    if (failed) return kExitRuntime;

    // 7. One summary line: what played, the counters, the timing.
    std::string counters;
    char part[512];
    std::snprintf(
        part, sizeof part, "%llu underrun%s, %llu overrun%s, %llu internal error%s, %d restart%s, %u buffer growth%s",
        static_cast<unsigned long long>(supervisor.totalUnderruns()), supervisor.totalUnderruns() == 1 ? "" : "s",
        static_cast<unsigned long long>(supervisor.totalOverruns()), supervisor.totalOverruns() == 1 ? "" : "s",
        static_cast<unsigned long long>(supervisor.totalInternalErrors()),
        supervisor.totalInternalErrors() == 1 ? "" : "s", supervisor.restarts(), supervisor.restarts() == 1 ? "" : "s",
        supervisor.bufferGrowths(), supervisor.bufferGrowths() == 1 ? "" : "s");
    counters = part;
    for (size_t i = 0; i < files.size(); ++i) {
        std::snprintf(part, sizeof part, "; input %zu '%s': %llu overflow, %llu underflow frames", i,
                      fileName(options.inputs[i]).c_str(), static_cast<unsigned long long>(mixer.overflowFrames(i)),
                      static_cast<unsigned long long>(mixer.underflowFrames(i)));
        counters += part;
    }
    if (recorder) {
        std::snprintf(part, sizeof part, "; recorder: %llu frames, %llu dropout%s (%llu frames)",
                      static_cast<unsigned long long>(recorder->framesWritten()),
                      static_cast<unsigned long long>(recorder->dropouts()), recorder->dropouts() == 1 ? "" : "s",
                      static_cast<unsigned long long>(recorder->droppedFrames()));
        counters += part;
    }
    std::snprintf(part, sizeof part, "; meters: %llu updates, %llu dropout%s (%llu frames)",
                  static_cast<unsigned long long>(meter.updates()), static_cast<unsigned long long>(meter.dropouts()),
                  meter.dropouts() == 1 ? "" : "s", static_cast<unsigned long long>(meter.droppedFrames()));
    counters += part;
    if (icecast) counters += "; stream " + icecast->summary();
    controls.collect();
    if (const std::string failures = controls.failureSummary(); !failures.empty()) counters += "; " + failures;
    if (options.commandLogPath) {
        // Late commands applied at the start of the block that read them, not at their logged frame.
        const GraphEngine& graphEngine = engine.session().engine();
        std::snprintf(part, sizeof part, "; command log: %llu commands, %llu late, %llu events dropped",
                      static_cast<unsigned long long>(commandLog.commands()),
                      static_cast<unsigned long long>(graphEngine.commandsLate()),
                      static_cast<unsigned long long>(graphEngine.eventsDropped()));
        counters += part;
        commandLog.close();
    }
    const PlayEngine::Timing timing = engine.timing();
    if (timing.callbacks > 2) {
        // Drift of the device clock (PortAudio's stream time: JACK's frame time; null: its
        // schedule) and of the steady clock against the stream's frame counter: the change of
        // the clocks' lower envelope across the run (play_engine.h), and a least-squares slope.
        const double runSeconds = static_cast<double>(timing.lastFrame - timing.firstFrame) / rateHz;
        const auto& device = timing.deviceEnvelope;
        const auto& steady = timing.steadyEnvelope;
        std::snprintf(part, sizeof part,
                      "; timing over %.3f s: device clock drift %+.5f ms over %.0f s (%+.5f ms per 10 min), "
                      "steady clock drift %+.4f ms (%+.4f ms per 10 min); least-squares: device %+.4f, steady %+.4f "
                      "ms per 10 min",
                      runSeconds, device.driftPerSecond() * device.spanSeconds() * 1000.0, device.spanSeconds(),
                      device.driftPerSecond() * 600.0 * 1000.0, steady.driftPerSecond() * steady.spanSeconds() * 1000.0,
                      steady.driftPerSecond() * 600.0 * 1000.0, (timing.device.slope() - 1.0) * 600.0 * 1000.0,
                      (timing.steady.slope() - 1.0) * 600.0 * 1000.0);
        counters += part;
    }
    char summary[2048];
    const std::string of = track != nullptr ? " of " + formatFixed(track->durationSeconds(), 3) + " s" : "";
    std::snprintf(summary, sizeof summary, "played %.3f s%s (%llu frames), stopped by %s; %s",
                  static_cast<double>(frames) / rateHz, of.c_str(), static_cast<unsigned long long>(frames),
                  reason.c_str(), counters.c_str());
    printLine(summary);
    return kExitOk;
}

}  // namespace wavegraph::cli
