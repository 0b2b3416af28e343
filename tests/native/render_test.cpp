// `wavegraph render` measured from the outside: run the built program on real and generated
// files, read the result with libsndfile, compare against the input and the EQ's design.

#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "nodes/parametric_eq_node.h"
#include "run_program.h"
#include "test_directory.h"
#include "wav_io.h"

namespace wavegraph::test {
namespace {

const std::string kProgram = WAVEGRAPH_PROGRAM;
const std::string kFrontCenter = std::string(ALSA_SOUNDS_DIR) + "/Front_Center.wav";

double maxAbsDifference(const Audio& a, const Audio& b) {
    double worst = 0.0;
    for (size_t c = 0; c < a.channels.size(); ++c)
        for (size_t i = 0; i < a.frames(); ++i)
            worst = std::max(worst, std::fabs(double{a.channels[c][i]} - b.channels[c][i]));
    return worst;
}

std::vector<std::string> allZeroSettings(std::vector<std::string> arguments) {
    for (int band = 0; band < 8; ++band) {
        arguments.push_back("--eq");
        arguments.push_back(std::to_string(band) + "=0");
    }
    arguments.push_back("--gain-db");
    arguments.push_back("0");
    return arguments;
}

TEST(RenderCommand, FrontCenterAtZeroDbIsTheInput) {
    TestDirectory dir;
    const std::string out = dir.file("out.wav");
    const auto result = runProgram(allZeroSettings({kProgram, "render", kFrontCenter, out}), dir.path());
    ASSERT_EQ(result.exitCode, 0) << result.standardError;
    EXPECT_EQ(countLines(result.standardError), 1) << result.standardError;  // the summary only
    EXPECT_NE(result.standardError.find("peak"), std::string::npos) << result.standardError;

    const Audio input = readAudio(kFrontCenter);
    const Audio output = readAudio(out);
    EXPECT_EQ(output.format, SF_FORMAT_WAV | SF_FORMAT_FLOAT);
    EXPECT_EQ(output.sampleRateHz, input.sampleRateHz);
    ASSERT_EQ(output.channels.size(), input.channels.size());
    ASSERT_EQ(output.frames(), input.frames());
    const double difference = maxAbsDifference(input, output);
    std::printf("Front_Center.wav, all bands and gain at 0 dB: max |out - in| = %.3g\n", difference);
    RecordProperty("max_abs_difference", std::to_string(difference));
    EXPECT_LE(difference, 1e-6);
}

TEST(RenderCommand, KeepsRateChannelsAndChannelOrder) {
    // 3 channels of different seeded noise at 44.1 kHz, 16-bit FLAC: same rate, channels, order.
    TestDirectory dir;
    std::mt19937 random(2024);
    std::uniform_real_distribution<float> uniform(-0.5f, 0.5f);
    Audio input;
    input.sampleRateHz = 44100;
    input.channels.assign(3, std::vector<float>(10000));
    for (auto& channel : input.channels)
        for (auto& sample : channel) sample = uniform(random);
    writeAudio(dir.file("in.flac"), input, SF_FORMAT_FLAC | SF_FORMAT_PCM_16);
    const Audio stored = readAudio(dir.file("in.flac"));  // as 16-bit quantised

    const auto result = runProgram({kProgram, "render", dir.file("in.flac"), dir.file("out.wav")}, dir.path());
    ASSERT_EQ(result.exitCode, 0) << result.standardError;
    const Audio output = readAudio(dir.file("out.wav"));
    EXPECT_EQ(output.sampleRateHz, 44100);
    ASSERT_EQ(output.channels.size(), 3u);
    ASSERT_EQ(output.frames(), stored.frames());
    EXPECT_LE(maxAbsDifference(stored, output), 1e-6);
}

TEST(RenderCommand, Band4AtMinus20DbAttenuatesA1kHzSineBy20Db) {
    TestDirectory dir;
    constexpr double kRateHz = 48000, kFrequencyHz = 1000, kAmplitude = 0.5;  // -6 dBFS peak
    Audio input;
    input.sampleRateHz = kRateHz;
    input.channels = {sine(kFrequencyHz, kRateHz, static_cast<size_t>(2 * kRateHz), kAmplitude)};
    writeAudio(dir.file("sine.wav"), input);

    const auto result =
        runProgram({kProgram, "render", dir.file("sine.wav"), dir.file("out.wav"), "--eq", "4=-20"}, dir.path());
    ASSERT_EQ(result.exitCode, 0) << result.standardError;
    const Audio output = readAudio(dir.file("out.wav"));
    ASSERT_EQ(output.frames(), input.frames());

    const auto skip = static_cast<size_t>(0.2 * kRateHz);  // filter transient
    const double inDb = rmsDb(input.channels[0], skip, input.frames());
    const double outDb = rmsDb(output.channels[0], skip, output.frames());
    const double measuredDb = outDb - inDb;

    ParametricEqNode designed;  // the reference graph's EQ node, designed independently of the program
    designed.prepare(ProcessSpec{kRateHz, 128, 1});
    ASSERT_TRUE(designed.setParameterImmediate(ParametricEqNode::parameterId(4, ParametricEqNode::gainDb), -20.0));
    const double designedDb = designed.magnitudeDbAt(kFrequencyHz);

    std::printf(
        "1 kHz sine, --eq 4=-20: input %.3f dBFS RMS, output %.3f dBFS RMS, change %.3f dB "
        "(designed %.3f dB)\n",
        inDb, outDb, measuredDb, designedDb);
    RecordProperty("measured_change_db", std::to_string(measuredDb));
    EXPECT_NEAR(measuredDb, -20.0, 1.0);
    EXPECT_NEAR(measuredDb, designedDb, 0.05);
}

}  // namespace
}  // namespace wavegraph::test
