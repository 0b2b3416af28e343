// The Faust example (examples/processors/faust-compressor) as a wavegraph processor, built by
// wavegraph_add_faust_processor: its parameter table equals what `faust -json` says; on a real
// stereo recording it renders the samples of Faust's own offline renderer (the sndfile
// architecture, same .dsp, same faust flags, same parameter values) within 1e-6; copy_state,
// reset and block splitting keep the samples; the audio-thread functions neither allocate nor
// lock; scripts/wavegraph-faust fails with one line.

#include <dlfcn.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "run_program.h"
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

/// The plugin, loaded with dlopen as the host loads it.
class Plugin {
public:
    Plugin() : handle_(dlopen(FAUST_COMPRESSOR_PLUGIN, RTLD_NOW | RTLD_LOCAL)) {
        if (handle_ == nullptr) return;
        auto entry = reinterpret_cast<wg_processor_entry_fn>(dlsym(handle_, WG_PROCESSOR_ENTRY_SYMBOL));
        if (entry != nullptr) descriptor_ = entry(0);
        if (entry != nullptr) second_ = entry(1);
    }
    ~Plugin() {
        if (handle_ != nullptr) dlclose(handle_);
    }
    Plugin(const Plugin&) = delete;
    Plugin& operator=(const Plugin&) = delete;
    const wg_processor_descriptor* descriptor() const { return descriptor_; }
    const wg_processor_descriptor* second() const { return second_; }

private:
    void* handle_;
    const wg_processor_descriptor* descriptor_ = nullptr;
    const wg_processor_descriptor* second_ = nullptr;
};

const Plugin& plugin() {
    static const Plugin loaded;
    return loaded;
}

const wg_processor_descriptor& descriptor() {
    const wg_processor_descriptor* d = plugin().descriptor();
    if (d == nullptr)
        throw std::runtime_error(std::string("cannot load ") + FAUST_COMPRESSOR_PLUGIN + ": " + dlerror());
    return *d;
}

uint32_t parameterId(const std::string& name) {
    const wg_processor_descriptor& d = descriptor();
    for (uint32_t id = 0; id < d.num_parameters; ++id)
        if (name == d.parameters[id].name) return id;
    throw std::runtime_error("no parameter " + name);
}

/// An instance, prepared at sampleRateHz for blocks of up to maxBlockFrames, set to kSettings.
struct Instance {
    Instance(double sampleRateHz, uint32_t maxBlockFrames) : d(descriptor()), handle(d.create()) {
        if (handle == nullptr || d.prepare(handle, sampleRateHz, maxBlockFrames, 2) != WG_PROCESSOR_OK)
            throw std::runtime_error("create/prepare failed");
        for (const auto& [name, value] : kSettings) d.set_parameter(handle, parameterId(name), value, 1);
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

TEST(FaustProcessor, ParameterTableAndChannelsEqualFaustJson) {
    const wg_processor_descriptor& d = descriptor();
    nlohmann::json json;
    std::ifstream(FAUST_COMPRESSOR_JSON) >> json;
    EXPECT_STREQ(d.type_name, "compressor");
    EXPECT_EQ(plugin().second(), nullptr);
    ASSERT_EQ(d.num_inputs, 1u);
    ASSERT_EQ(d.num_outputs, 1u);
    EXPECT_EQ(d.input_channels[0], json.at("inputs").get<uint32_t>());
    EXPECT_EQ(d.output_channels[0], json.at("outputs").get<uint32_t>());
    EXPECT_NE(d.copy_state, nullptr);

    // Faust's widgets in UI order, as its JSON lists them.
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
    // The names wavegraph gives Faust's labels: camelCase label + unit.
    const std::map<std::string, std::string> expectedNames = {{"Ratio", "ratio"},
                                                              {"Threshold", "thresholdDb"},
                                                              {"Attack", "attackMs"},
                                                              {"Release", "releaseMs"},
                                                              {"Makeup", "makeupDb"}};
    ASSERT_EQ(d.num_parameters, widgets.size());
    for (uint32_t id = 0; id < d.num_parameters; ++id) {
        const wg_parameter_descriptor& p = d.parameters[id];
        const nlohmann::json& w = widgets[id];
        std::string unit;
        for (const auto& meta : w.value("meta", nlohmann::json::array()))
            if (meta.contains("unit")) unit = meta.at("unit").get<std::string>();
        std::printf("parameter %u: %s [%s] %g…%g default %g  (Faust: '%s' [%s] %g…%g init %g)\n", id, p.name, p.unit,
                    p.min_value, p.max_value, p.default_value, w.at("label").get<std::string>().c_str(), unit.c_str(),
                    w.at("min").get<double>(), w.at("max").get<double>(), w.at("init").get<double>());
        EXPECT_EQ(p.name, expectedNames.at(w.at("label").get<std::string>()));
        EXPECT_EQ(p.unit, unit);
        EXPECT_EQ(p.min_value, w.at("min").get<double>());
        EXPECT_EQ(p.max_value, w.at("max").get<double>());
        EXPECT_EQ(p.default_value, w.at("init").get<double>());
        EXPECT_EQ(p.flags, uint32_t{WG_PARAMETER_STEPPED});
    }
}

TEST(FaustProcessor, RendersFaustsOwnOfflineRenderOfARecordingWithin1e6) {
    TestDirectory dir;
    const Audio input = stereoRecording();
    writeAudio(dir.file("in.wav"), input);
    std::vector<std::string> arguments = {FAUST_COMPRESSOR_REFERENCE};
    arguments.insert(arguments.end(), kReferenceOptions.begin(), kReferenceOptions.end());
    arguments.insert(arguments.end(), {dir.file("in.wav"), dir.file("faust.wav")});
    const auto reference = runProgram(arguments, dir.path());
    ASSERT_EQ(reference.exitCode, 0) << reference.standardError;
    const Audio faust = readAudio(dir.file("faust.wav"));
    ASSERT_EQ(faust.channels.size(), 2u);
    ASSERT_EQ(faust.frames(), input.frames());

    Instance instance(input.sampleRateHz, 128);
    Audio output = silentLike(input);
    instance.render(input, output, 0, input.frames(), 128);

    const double difference = maxDifference(output, faust);
    const double change = maxDifference(output, input);
    std::printf(
        "%zu frames, 2 channels, 48 kHz: max |wavegraph - Faust sndfile| = %.3g (%s); "
        "max |output - input| = %.3g; output RMS %.2f / %.2f dBFS, input %.2f / %.2f dBFS\n",
        input.frames(), difference, difference == 0.0 ? "bit-identical" : "not bit-identical", change,
        rmsDb(output.channels[0], 0, output.frames()), rmsDb(output.channels[1], 0, output.frames()),
        rmsDb(input.channels[0], 0, input.frames()), rmsDb(input.channels[1], 0, input.frames()));
    EXPECT_LE(difference, 1e-6);
    EXPECT_GT(change, 0.1);  // the compressor changes the recording clearly
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
