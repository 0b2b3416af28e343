// referenceGraphJson: the default equals kReferenceGraphJson; options reach the running graph
// (measured on rendered signals, not on the JSON text); bad options are named.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsp/pink_noise.h"
#include "session/graph_session.h"
#include "session/reference_graph.h"
#include "session_render.h"
#include "signal_helpers.h"

using namespace wavegraph;

namespace {

constexpr double kFs = 48000.0;

// The value of parameter `name` of node `jsonId` in the session's description.
double parameterValue(const GraphSession& session, const std::string& jsonId, const std::string& name) {
    const auto description = nlohmann::json::parse(session.describe());
    for (const auto& node : description["nodes"])
        if (node["id"] == jsonId)
            for (const auto& p : node["parameters"])
                if (p["name"] == name) return p["value"].get<double>();
    return std::nan("");
}

}  // namespace

TEST(ReferenceGraph, DefaultOptionsDescribeTheDefaultGraph) {
    EXPECT_EQ(nlohmann::json::parse(referenceGraphJson()), nlohmann::json::parse(kReferenceGraphJson));
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session.loadGraph(referenceGraphJson()).isOk());
    for (uint32_t id = 0; id < std::size(reference_graph::kNodeNames); ++id)
        EXPECT_EQ(session.nodeId(reference_graph::kNodeNames[id]), int64_t{id});
}

TEST(ReferenceGraph, BandAndMasterGainsReachTheRenderedSignal) {
    ReferenceGraphOptions options;
    options.bandGainsDb = {0, 0, 0, 0, -20};
    options.gainDb = -6.0;
    options.webAudioRounding = true;
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session.loadGraph(referenceGraphJson(options)).isOk());
    EXPECT_EQ(parameterValue(session, "eq", "webAudioRounding"), 1.0);
    const auto input = wavegraph::test::makeSine(1000.0, kFs, 48000, 0.5);
    const auto output = test::renderMono(session, input, 128);
    const double ratioDb =
        wavegraph::test::rmsDb(output, 9600, output.size()) - wavegraph::test::rmsDb(input, 9600, input.size());
    // Band 4 (960 Hz, Q 1) at -20 dB gives -19.721 dB at 1 kHz; the master adds -6 dB (no ramp).
    std::printf("referenceGraphJson(band 4 -20 dB, master -6 dB): 1 kHz measured %.3f dB\n", ratioDb);
    EXPECT_NEAR(ratioDb, -25.721, 0.05);
}

TEST(ReferenceGraph, OscillatorSourcePlaysAtItsFrequencyAndLevel) {
    ReferenceGraphOptions options;
    ASSERT_TRUE(referenceGraphOptionsFromJson(R"({"source":"sine","frequencyHz":1500,"levelDb":-6})", options).isOk());
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session.loadGraph(referenceGraphJson(options)).isOk());
    const auto output = test::renderMono(session, std::vector<float>(48000, 0.0f), 128);
    const double amplitude = wavegraph::test::sineAmplitude(output, 4800, output.size(), 1500.0, kFs);
    std::printf("referenceGraphJson(sine 1500 Hz, -6 dB): amplitude at 1500 Hz %.6f (expected %.6f)\n", amplitude,
                std::pow(10.0, -6.0 / 20.0));
    EXPECT_NEAR(amplitude, std::pow(10.0, -6.0 / 20.0), 1e-3);
}

TEST(ReferenceGraph, PinkNoiseSourceGivesThePinkNoiseSequenceAtItsLevel) {
    ReferenceGraphOptions options;
    options.source = ReferenceSource::pinkNoise;
    options.levelDb = -12.0;
    GraphSession session;
    ASSERT_TRUE(session.prepare({kFs, 128, 1}).isOk());
    ASSERT_TRUE(session.loadGraph(referenceGraphJson(options)).isOk());
    EXPECT_EQ(parameterValue(session, "source", "color"), 1.0);
    const auto output = test::renderMono(session, std::vector<float>(48000, 0.0f), 128);
    // Independent reference: the PinkNoise generator (seed 1, the noise node's default) × the
    // level; the flat EQ (8 peaking bands at 0 dB) passes it up to rounding.
    PinkNoise reference(1);
    const double gain = std::pow(10.0, -12.0 / 20.0);
    double maxDiff = 0.0;
    for (float y : output) maxDiff = std::max(maxDiff, std::abs(double(y) - gain * reference.next()));
    std::printf("referenceGraphJson(pinkNoise, -12 dB) vs PinkNoise x 10^(-12/20): max abs diff %.3g, RMS %.2f dBFS\n",
                maxDiff, wavegraph::test::rmsDb(output, 0, output.size()));
    EXPECT_LT(maxDiff, 1e-5);
}

TEST(ReferenceGraph, OptionErrorsNameTheField) {
    ReferenceGraphOptions options;
    EXPECT_EQ(referenceGraphOptionsFromJson(R"({"source":"pink"})", options).message(),
              "source 'pink' is not a reference source (input, whiteNoise, pinkNoise, brownNoise, sine, sawtooth, "
              "square, triangle)");
    EXPECT_EQ(referenceGraphOptionsFromJson(R"({"bandGainsDb":[0,"x"]})", options).message(),
              "bandGainsDb[1] must be a number");
    EXPECT_FALSE(referenceGraphOptionsFromJson(R"({"gain":3})", options).isOk());
}
