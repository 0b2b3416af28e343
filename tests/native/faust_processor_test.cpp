// The Faust example (examples/processors/faust-compressor) as a wavegraph processor, built by
// wavegraph_add_faust_processor: its parameter table equals what `faust -json` says; on a real
// stereo recording it renders the samples of Faust's own offline renderer (the sndfile
// architecture, same .dsp, same faust flags, same parameter values) within 1e-6, through the
// descriptor directly, as a node of a graph {input → compressor} (the example's graph JSON, run
// by the GraphSession every host runs) and through `wavegraph render --plugin`; the host's descriptor checks accept it;
// copy_state, reset and block splitting keep the samples; the audio-thread functions neither allocate nor lock;
// scripts/wavegraph-faust fails with one line.

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "processor/processor_types.h"
#include "run_program.h"
#include "session/default_registry.h"
#include "session/graph_session.h"
#include "test_directory.h"
#include "wav_io.h"
#include "wavegraph/processor.h"

namespace wavegraph::test {
namespace {

const std::string kAlsaSounds = ALSA_SOUNDS_DIR;

/// The values the reference and wavegraph both render with (not the defaults).
const std::map<std::string, double> kSettings = {
    {"ratio", 8.0}, {"thresholdDb", -35.0}, {"attackMs", 2.0}, {"releaseMs", 80.0}, {"makeupDb", 6.0}};
/// The same settings on the command line of Faust's sndfile renderer (lower-cased labels).
const std::vector<std::string> kReferenceOptions = {"-ratio", "8",        "-threshold", "-35",     "-attack",
                                                    "2",      "-release", "80",         "-makeup", "6"};

/// A plugin, loaded with dlopen as the host loads it.
class Plugin {
public:
    explicit Plugin(const char* path) : handle_(dlopen(path, RTLD_NOW | RTLD_LOCAL)) {
        if (handle_ == nullptr) throw std::runtime_error(std::string("cannot load ") + path + ": " + dlerror());
        auto entry = reinterpret_cast<wg_processor_entry_fn>(dlsym(handle_, WG_PROCESSOR_ENTRY_SYMBOL));
        if (entry == nullptr) throw std::runtime_error(std::string("no entry function in ") + path);
        descriptor_ = entry(0);
        second_ = entry(1);
    }
    ~Plugin() { dlclose(handle_); }
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;
    const wg_processor_descriptor& descriptor() const { return *descriptor_; }
    const wg_processor_descriptor* second() const { return second_; }

private:
    void* handle_;
    const wg_processor_descriptor* descriptor_ = nullptr;
    const wg_processor_descriptor* second_ = nullptr;
};

const Plugin& compressorPlugin() {
    static const Plugin loaded(FAUST_COMPRESSOR_PLUGIN);
    return loaded;
}

const wg_processor_descriptor& descriptor() { return compressorPlugin().descriptor(); }

uint32_t parameterId(const std::string& name, const wg_processor_descriptor& d = descriptor()) {
    for (uint32_t id = 0; id < d.num_parameters; ++id)
        if (name == d.parameters[id].name) return id;
    throw std::runtime_error("no parameter " + name);
}

/// An instance, prepared at sampleRateHz for blocks of up to maxBlockFrames, set to kSettings.
struct Instance {
    Instance(double sampleRateHz, uint32_t maxBlockFrames, const wg_processor_descriptor& type = descriptor())
        : d(type), handle(d.create()) {
        if (handle == nullptr || d.prepare(handle, sampleRateHz, maxBlockFrames, 2) != WG_PROCESSOR_OK)
            throw std::runtime_error("create/prepare failed");
        for (const auto& [name, value] : kSettings) d.set_parameter(handle, parameterId(name, d), value, 1);
    }
    ~Instance() { d.destroy(handle); }
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    /// Renders frames [begin, end) of `input` into `output` in blocks of `blockFrames`. [audio]
    void render(const Audio& input, Audio& output, size_t begin, size_t end, uint32_t blockFrames) {
        for (size_t at = begin; at < end; at += blockFrames) {
            const auto frames = static_cast<uint32_t>(std::min<size_t>(blockFrames, end - at));
            const float* in[2] = {input.channels[0].data() + at, input.channels[1].data() + at};
            float* out[2] = {output.channels[0].data() + at, output.channels[1].data() + at};
            if (d.process(handle, in, out, frames) != WG_PROCESSOR_OK) throw std::runtime_error("process failed");
        }
    }

    const wg_processor_descriptor& d;
    void* handle;
};

Audio silentLike(const Audio& input) {
    Audio output = input;
    for (auto& channel : output.channels) std::fill(channel.begin(), channel.end(), 0.0f);
    return output;
}

/// Front_Left.wav and Front_Right.wav (two voice recordings, 48 kHz) as one stereo file, the
/// shorter one padded with silence: 32-bit float, so both renderers read the same numbers.
Audio stereoRecording() {
    const Audio left = readAudio(kAlsaSounds + "/Front_Left.wav");
    const Audio right = readAudio(kAlsaSounds + "/Front_Right.wav");
    Audio stereo;
    stereo.sampleRateHz = left.sampleRateHz;
    const size_t frames = std::max(left.frames(), right.frames());
    stereo.channels = {left.channels[0], right.channels[0]};
    for (auto& channel : stereo.channels) channel.resize(frames, 0.0f);
    return stereo;
}

double maxDifference(const Audio& a, const Audio& b) {
    double worst = 0.0;
    for (size_t c = 0; c < a.channels.size(); ++c)
        for (size_t i = 0; i < a.frames(); ++i)
            worst = std::max(worst, std::fabs(double{a.channels[c][i]} - double{b.channels[c][i]}));
    return worst;
}

/// Checks the descriptor's ports and parameter table against Faust's JSON description of the same
/// program: channel counts, and per widget (bargraphs aside, in UI order) the name expected for
/// its address, its unit, min, max and default (buttons and checkboxes 0…1, default 0).
void expectTableEqualsFaustJson(const wg_processor_descriptor& d, const char* jsonPath,
                                const std::map<std::string, std::string>& expectedNames) {
    nlohmann::json json;
    std::ifstream(jsonPath) >> json;
    const auto inputs = json.at("inputs").get<uint32_t>();
    ASSERT_EQ(d.num_inputs, inputs > 0 ? 1u : 0u);
    if (inputs > 0) EXPECT_EQ(d.input_channels[0], inputs);
    ASSERT_EQ(d.num_outputs, 1u);
    EXPECT_EQ(d.output_channels[0], json.at("outputs").get<uint32_t>());
    EXPECT_NE(d.copy_state, nullptr);
    std::printf("%s: %u input port(s) of %u channels, 1 output port of %u channels (Faust: %u in, %u out)\n",
                d.type_name, d.num_inputs, inputs, d.output_channels[0], inputs, json.at("outputs").get<uint32_t>());

    std::vector<nlohmann::json> widgets;
    auto collect = [&widgets](const nlohmann::json& items, auto&& self) -> void {
        for (const auto& item : items) {
            if (item.contains("items"))
                self(item.at("items"), self);
            else if (item.at("type") != "hbargraph" && item.at("type") != "vbargraph")
                widgets.push_back(item);
        }
    };
    collect(json.at("ui"), collect);
    ASSERT_EQ(d.num_parameters, widgets.size());
    for (uint32_t id = 0; id < d.num_parameters; ++id) {
        const wg_parameter_descriptor& p = d.parameters[id];
        const nlohmann::json& w = widgets[id];
        const bool toggle = w.at("type") == "button" || w.at("type") == "checkbox";
        std::string unit;
        for (const auto& meta : w.value("meta", nlohmann::json::array()))
            if (meta.contains("unit")) unit = meta.at("unit").get<std::string>();
        const double min = toggle ? 0.0 : w.at("min").get<double>();
        const double max = toggle ? 1.0 : w.at("max").get<double>();
        const double init = toggle ? 0.0 : w.at("init").get<double>();
        const std::string address = w.at("address").get<std::string>();
        std::printf("  parameter %u: %s [%s] %g…%g default %g  (Faust: %s %s [%s] %g…%g init %g)\n", id, p.name, p.unit,
                    p.min_value, p.max_value, p.default_value, w.at("type").get<std::string>().c_str(), address.c_str(),
                    unit.c_str(), min, max, init);
        ASSERT_TRUE(expectedNames.count(address)) << address;
        EXPECT_EQ(p.name, expectedNames.at(address));
        EXPECT_EQ(p.unit, unit);
        EXPECT_EQ(p.min_value, min);
        EXPECT_EQ(p.max_value, max);
        EXPECT_EQ(p.default_value, init);
        EXPECT_EQ(p.flags, uint32_t{WG_PARAMETER_STEPPED});
    }
}

TEST(FaustProcessor, ParameterTableAndChannelsEqualFaustJson) {
    EXPECT_STREQ(descriptor().type_name, "compressor");
    EXPECT_EQ(compressorPlugin().second(), nullptr);
    expectTableEqualsFaustJson(descriptor(), FAUST_COMPRESSOR_JSON,
                               {{"/compressor/Ratio", "ratio"},
                                {"/compressor/Threshold", "thresholdDb"},
                                {"/compressor/Attack", "attackMs"},
                                {"/compressor/Release", "releaseMs"},
                                {"/compressor/Makeup", "makeupDb"}});
    const Status accepted = checkProcessorDescriptor(&descriptor(), makeDefaultNodeRegistry());
    EXPECT_TRUE(accepted.isOk()) << accepted.message();
}

TEST(FaustProcessor, EveryKindOfControlBecomesAParameterNamedForItsLabelAndUnit) {
    // A generator: buttons, a checkbox, a numeric entry, units Hz/s/%/dB, one label in two groups.
    const Plugin controls(FAUST_CONTROLS_PLUGIN);
    expectTableEqualsFaustJson(controls.descriptor(), FAUST_CONTROLS_JSON,
                               {{"/controls/Cutoff_Frequency", "cutoffFrequencyHz"},
                                {"/controls/Delay", "delaySeconds"},
                                {"/controls/Enabled", "enabled"},
                                {"/controls/Gate", "gate"},
                                {"/controls/Left/Gain", "left.gainDb"},
                                {"/controls/Mix", "mixPercent"},
                                {"/controls/Right/Gain", "right.gainDb"},
                                {"/controls/Voices", "voices"}});
    const Status accepted = checkProcessorDescriptor(&controls.descriptor(), makeDefaultNodeRegistry());
    EXPECT_TRUE(accepted.isOk()) << accepted.message();
}

/// The output of Faust's sndfile renderer `renderer` for stereoRecording() with kSettings.
Audio renderWithFaust(const std::string& renderer) {
    TestDirectory dir;
    writeAudio(dir.file("in.wav"), stereoRecording());
    std::vector<std::string> arguments = {renderer};
    arguments.insert(arguments.end(), kReferenceOptions.begin(), kReferenceOptions.end());
    arguments.insert(arguments.end(), {dir.file("in.wav"), dir.file("faust.wav")});
    const auto result = runProgram(arguments, dir.path());
    if (result.exitCode != 0) throw std::runtime_error("Faust's renderer failed: " + result.standardError);
    return readAudio(dir.file("faust.wav"));
}

/// Faust's renderer of the compressor (single precision inside), rendered once.
const Audio& faustReference() {
    static const Audio reference = renderWithFaust(FAUST_COMPRESSOR_REFERENCE);
    return reference;
}

void printComparison(const char* what, const Audio& input, const Audio& output, const Audio& faust) {
    const double difference = maxDifference(output, faust);
    std::printf(
        "%s: %zu frames, 2 channels, 48 kHz: max |wavegraph - Faust sndfile| = %.3g (%s); "
        "max |output - input| = %.3g; output RMS %.2f / %.2f dBFS, input %.2f / %.2f dBFS\n",
        what, input.frames(), difference, difference == 0.0 ? "bit-identical" : "not bit-identical",
        maxDifference(output, input), rmsDb(output.channels[0], 0, output.frames()),
        rmsDb(output.channels[1], 0, output.frames()), rmsDb(input.channels[0], 0, input.frames()),
        rmsDb(input.channels[1], 0, input.frames()));
}

TEST(FaustProcessor, RendersFaustsOwnOfflineRenderOfARecordingWithin1e6) {
    const Audio input = stereoRecording();
    const Audio& faust = faustReference();
    ASSERT_EQ(faust.channels.size(), 2u);
    ASSERT_EQ(faust.frames(), input.frames());

    Instance instance(input.sampleRateHz, 128);
    Audio output = silentLike(input);
    instance.render(input, output, 0, input.frames(), 128);
    printComparison("descriptor, blocks of 128", input, output, faust);
    EXPECT_LE(maxDifference(output, faust), 1e-6);
    EXPECT_GT(maxDifference(output, input), 0.1);  // the compressor changes the recording clearly
}

TEST(FaustProcessor, DoublePrecisionBuildRendersFaustsDoublePrecisionRender) {
    // wavegraph-faust --double against faust -double -a sndfile.cpp: the same option on both sides.
    const Audio input = stereoRecording();
    const Audio faust = renderWithFaust(FAUST_COMPRESSOR_DOUBLE_REFERENCE);
    ASSERT_EQ(faust.frames(), input.frames());
    const Plugin plugin(FAUST_COMPRESSOR_DOUBLE_PLUGIN);
    Instance instance(input.sampleRateHz, 128, plugin.descriptor());
    Audio output = silentLike(input);
    instance.render(input, output, 0, input.frames(), 128);
    printComparison("--double, descriptor, blocks of 128", input, output, faust);
    std::printf("double vs single precision inside: max |difference| = %.3g\n",
                maxDifference(output, faustReference()));
    EXPECT_LE(maxDifference(output, faust), 1e-6);
    EXPECT_GT(maxDifference(output, input), 0.1);
}

TEST(FaustProcessor, GraphWithTheFaustNodeRendersFaustsSamples) {
    NodeRegistry registry = makeDefaultNodeRegistry();
    void* library = dlopen(FAUST_COMPRESSOR_PLUGIN, RTLD_NOW | RTLD_LOCAL);
    ASSERT_NE(library, nullptr) << dlerror();
    std::shared_ptr<const void> keepAlive(library, [](const void* handle) { dlclose(const_cast<void*>(handle)); });
    auto entry = reinterpret_cast<wg_processor_entry_fn>(dlsym(library, WG_PROCESSOR_ENTRY_SYMBOL));
    ASSERT_NE(entry, nullptr);
    std::vector<std::string> added;
    const Status registered = addProcessorTypes(registry, entry, FAUST_COMPRESSOR_PLUGIN, keepAlive, &added);
    ASSERT_TRUE(registered.isOk()) << registered.message();
    ASSERT_EQ(added, std::vector<std::string>{"compressor"});

    const Audio input = stereoRecording();
    GraphSession session(std::move(registry));
    ASSERT_TRUE(session.prepare({input.sampleRateHz, 128, 2}).isOk());
    std::stringstream graph;
    graph << std::ifstream(FAUST_COMPRESSOR_GRAPH).rdbuf();
    const Status loaded = session.loadGraph(graph.str());
    ASSERT_TRUE(loaded.isOk()) << loaded.message();
    Audio output = silentLike(input);
    for (size_t at = 0; at < input.frames(); at += 128) {
        const auto frames = static_cast<uint32_t>(std::min<size_t>(128, input.frames() - at));
        const float* in[2] = {input.channels[0].data() + at, input.channels[1].data() + at};
        float* out[2] = {output.channels[0].data() + at, output.channels[1].data() + at};
        session.process(in, 2, out, frames);
    }
    printComparison("graph {input → compressor} (compressor-graph.json)", input, output, faustReference());
    EXPECT_LE(maxDifference(output, faustReference()), 1e-6);
    EXPECT_EQ(session.engine().processorFailures(), 0u);
}

TEST(FaustProcessor, WavegraphRenderWithThePluginRendersFaustsSamples) {
    TestDirectory dir;
    const Audio input = stereoRecording();
    writeAudio(dir.file("in.wav"), input);
    const auto run = runProgram({WAVEGRAPH_PROGRAM, "render", dir.file("in.wav"), dir.file("out.wav"), "--plugin",
                                 FAUST_COMPRESSOR_PLUGIN, "--graph", FAUST_COMPRESSOR_GRAPH},
                                dir.path());
    ASSERT_EQ(run.exitCode, 0) << run.standardError;
    const Audio output = readAudio(dir.file("out.wav"));
    ASSERT_EQ(output.channels.size(), 2u);
    ASSERT_EQ(output.frames(), input.frames());
    printComparison("wavegraph render --plugin libfaust-compressor.so --graph compressor-graph.json", input, output,
                    faustReference());
    EXPECT_LE(maxDifference(output, faustReference()), 1e-6);
}

TEST(FaustProcessor, BlockSplitCopyStateAndResetKeepTheSamples) {
    const Audio input = stereoRecording();
    const size_t frames = input.frames(), half = frames / 2;
    Instance whole(input.sampleRateHz, 128);
    Audio expected = silentLike(input);
    whole.render(input, expected, 0, frames, 128);

    Instance odd(input.sampleRateHz, 128);
    Audio split = silentLike(input);
    odd.render(input, split, 0, frames, 37);
    const double splitDifference = maxDifference(split, expected);

    // A renders the first half; B takes A's state and renders the second half.
    Instance a(input.sampleRateHz, 128), b(input.sampleRateHz, 128);
    Audio copied = silentLike(input);
    a.render(input, copied, 0, half, 128);
    ASSERT_EQ(b.d.copy_state(b.handle, a.handle), WG_PROCESSOR_OK);
    b.render(input, copied, half, frames, 128);
    const double copyDifference = maxDifference(copied, expected);

    // After reset an instance renders what a fresh one renders, with its parameter values kept.
    Audio again = silentLike(input);
    a.d.reset(a.handle);
    a.render(input, again, 0, frames, 128);
    const double resetDifference = maxDifference(again, expected);

    std::printf(
        "blocks of 37 vs 128: %.3g; copy_state at frame %zu: %.3g; reset then render: %.3g (max |difference|)\n",
        splitDifference, half, copyDifference, resetDifference);
    EXPECT_EQ(splitDifference, 0.0);
    EXPECT_EQ(copyDifference, 0.0);
    EXPECT_EQ(resetDifference, 0.0);
}

TEST(FaustProcessor, AudioThreadFunctionsNeitherAllocateNorLock) {
    const Audio input = stereoRecording();
    Instance a(input.sampleRateHz, 128), b(input.sampleRateHz, 128);
    Audio output = silentLike(input);
    const uint32_t threshold = parameterId("thresholdDb");
    size_t allocations = 0, locks = 0;
    {
        AllocationCounter counter;
        for (size_t at = 0; at + 128 <= input.frames(); at += 128) {
            a.d.set_parameter(a.handle, threshold, -40.0 + static_cast<double>(at % 1280) / 128.0, 0);
            a.render(input, output, at, at + 128, 128);
        }
        a.d.copy_state(b.handle, a.handle);
        b.d.reset(b.handle);
        allocations = counter.count();
        locks = counter.locks();
    }
    std::printf("process, set_parameter, copy_state, reset over %zu frames: %zu allocations, %zu locks\n",
                input.frames(), allocations, locks);
    EXPECT_EQ(allocations, 0u);
    EXPECT_EQ(locks, 0u);
}

TEST(FaustProcessor, CommandFailsWithOneLine) {
    TestDirectory dir;
    std::ofstream(dir.file("broken.dsp")) << "process = undefinedThing;\n";
    struct Case {
        std::vector<std::string> arguments;
        ProgramEnvironment environment;
        int exitCode;
        std::string contains;
    };
    const std::vector<Case> cases = {
        {{dir.file("broken.dsp"), "-o", dir.file("out.cpp")}, {}, 1, "faust failed on"},
        {{dir.file("broken.dsp"), "-o", dir.file("out.cpp")}, {}, 1, "undefinedThing"},
        {{dir.file("missing.dsp"), "-o", dir.file("out.cpp")}, {}, 2, "cannot read"},
        {{dir.file("broken.dsp")}, {}, 2, "no output"},
        {{dir.file("broken.dsp"), "-o", dir.file("out.cpp"), "--type", "bad name"}, {}, 2, "--type 'bad name'"},
        {{dir.file("broken.dsp"), "-o", dir.file("out.cpp")},
         {{{"FAUST", dir.file("no-faust-here")}}, {}, ""},
         1,
         "faust not found"},
    };
    for (const Case& c : cases) {
        std::vector<std::string> arguments = {"/bin/bash", WAVEGRAPH_FAUST_COMMAND};
        arguments.insert(arguments.end(), c.arguments.begin(), c.arguments.end());
        const auto result = runProgram(arguments, dir.path(), c.environment);
        std::printf("exit %d: %s", result.exitCode, result.standardError.c_str());
        EXPECT_EQ(result.exitCode, c.exitCode);
        EXPECT_EQ(countLines(result.standardError), 1);
        EXPECT_NE(result.standardError.find(c.contains), std::string::npos) << result.standardError;
        EXPECT_FALSE(std::ifstream(dir.file("out.cpp")).good());
    }
}

}  // namespace
}  // namespace wavegraph::test
