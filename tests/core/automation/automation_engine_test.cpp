// Automation lanes running in the engine, through GraphSession and the graph JSON: a constant
// node's output is its automated value, compared with the W3C formulas evaluated here at every
// frame; block splits 1/7/128/4096 give the same samples bit for bit; the audio side neither
// allocates nor locks; calls made while rendering take effect at their frame.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "allocation_counter.h"
#include "session/graph_session.h"

using namespace wavegraph;

namespace {

constexpr double kRate = 48000.0;

// The description of one constant node (value 0) with `automation` on its value.
std::string constantWithAutomation(const std::string& automation) {
    return R"({"nodes":[{"id":"c","type":"constant","params":{"value":0},"automation":{"value":)" + automation +
           R"(}}],"output":"c"})";
}

struct Rendered {
    std::vector<float> left;
    size_t allocations = 0;
    size_t locks = 0;
};

// Renders `frames` frames of `json` in blocks of `block` frames (mono out, channel 0).
Rendered render(const std::string& json, size_t frames, uint32_t block) {
    GraphSession session;
    EXPECT_TRUE(session.prepare(ProcessSpec{kRate, 4096, 1}).isOk());
    const Status loaded = session.loadGraph(json);
    EXPECT_TRUE(loaded.isOk()) << loaded.message();
    Rendered r;
    r.left.assign(frames, 0.0f);
    test::AllocationCounter guard(test::AllocationCounter::LockPolicy::count);
    for (size_t start = 0; start < frames; start += block) {
        const auto n = static_cast<uint32_t>(std::min<size_t>(block, frames - start));
        float* out = r.left.data() + start;
        session.process(nullptr, 0, &out, n);
    }
    r.allocations = guard.count();
    r.locks = guard.locks();
    return r;
}

double maxDifference(const std::vector<float>& got, double (*expected)(double seconds)) {
    double worst = 0.0;
    for (size_t k = 0; k < got.size(); ++k)
        worst = std::fmax(worst, std::fabs(got[k] - static_cast<float>(expected(static_cast<double>(k) / kRate))));
    return worst;
}

}  // namespace

TEST(AutomationEngine, EveryMethodGivesTheW3CValueAtEveryFrame) {
    // 0…0.1 s: 0; setValue 0.5 at 0.1; linear to -0.5 at 0.3; exponential to -0.05 at 0.5;
    // setTarget 0.8 from 0.6 with tau 0.05; curve [0, 1, 0.25] from 0.8 for 0.2 s; then 0.25.
    const std::string automation = R"([
        {"method":"setValueAtTime","value":0.5,"timeSeconds":0.1},
        {"method":"linearRampToValueAtTime","value":-0.5,"timeSeconds":0.3},
        {"method":"exponentialRampToValueAtTime","value":-0.05,"timeSeconds":0.5},
        {"method":"setTargetAtTime","value":0.8,"timeSeconds":0.6,"timeConstantSeconds":0.05},
        {"method":"setValueCurveAtTime","values":[0,1,0.25],"timeSeconds":0.8,"durationSeconds":0.2}])";
    const Rendered r = render(constantWithAutomation(automation), 60000, 128);
    const double err = maxDifference(r.left, [](double t) {
        if (t < 0.1) return 0.0;
        if (t < 0.3) return 0.5 + (-1.0) * (t - 0.1) / 0.2;
        if (t < 0.5) return -0.5 * std::pow(0.1, (t - 0.3) / 0.2);
        if (t < 0.6) return -0.05;
        if (t < 0.8) return 0.8 + (-0.05 - 0.8) * std::exp(-(t - 0.6) / 0.05);
        if (t < 1.0) {
            const double pos = 2.0 * (t - 0.8) / 0.2;
            return pos < 1.0 ? pos : 1.0 + (0.25 - 1.0) * (pos - 1.0);
        }
        return 0.25;
    });
    std::printf(
        "constant.value automated by all five event methods, 60000 frames in 128-frame blocks: "
        "max |output - W3C value (as float)| = %.3g\n",
        err);
    EXPECT_LE(err, 1e-7);
}

TEST(AutomationEngine, BlockSplitsGiveTheSameSamplesBitForBit) {
    // An oscillator through a lowpass biquad and a gain, with the oscillator's frequency, the
    // biquad's cutoff and the gain automated (ramps, setTarget, curve, cancelAndHold).
    const std::string json = R"({"nodes":[
        {"id":"osc","type":"oscillator","params":{"frequencyHz":220},
         "automation":{"frequencyHz":[
           {"method":"setValueAtTime","value":220,"timeSeconds":0.01},
           {"method":"exponentialRampToValueAtTime","value":1760,"timeSeconds":0.2},
           {"method":"setValueCurveAtTime","values":[1760,440,880,330],"timeSeconds":0.25,"durationSeconds":0.1}]}},
        {"id":"lp","type":"biquad","params":{"type":0,"frequencyHz":2000},
         "automation":{"frequencyHz":[
           {"method":"setTargetAtTime","value":300,"timeSeconds":0.05,"timeConstantSeconds":0.03},
           {"method":"linearRampToValueAtTime","value":8000,"timeSeconds":0.3},
           {"method":"cancelAndHoldAtTime","timeSeconds":0.2}]}},
        {"id":"amp","type":"gain","params":{"gainDb":-6},
         "automation":{"gainDb":[
           {"method":"linearRampToValueAtTime","value":-30,"timeSeconds":0.15},
           {"method":"setTargetAtTime","value":0,"timeSeconds":0.2,"timeConstantSeconds":0.02}]}}],
      "connections":[{"from":"osc","to":"lp"},{"from":"lp","to":"amp"}],"output":"amp"})";
    const size_t frames = 20000;
    const Rendered reference = render(json, frames, 4096);
    double energy = 0.0;
    for (float x : reference.left) energy += double{x} * x;
    std::printf("reference (4096-frame blocks): rms %.4f, %zu allocations and %zu locks while rendering\n",
                std::sqrt(energy / frames), reference.allocations, reference.locks);
    EXPECT_GT(energy, 1.0);
    EXPECT_EQ(reference.allocations, 0u);
    EXPECT_EQ(reference.locks, 0u);
    for (uint32_t block : {1u, 7u, 128u}) {
        const Rendered split = render(json, frames, block);
        size_t differing = 0;
        for (size_t k = 0; k < frames; ++k) differing += split.left[k] != reference.left[k] ? 1 : 0;
        std::printf("%u-frame blocks: %zu of %zu samples differ from 4096-frame blocks; %zu allocations, %zu locks\n",
                    block, differing, frames, split.allocations, split.locks);
        EXPECT_EQ(differing, 0u);
        EXPECT_EQ(split.allocations, 0u);
        EXPECT_EQ(split.locks, 0u);
    }
}

TEST(AutomationEngine, CallsWhileRenderingTakeEffectAtTheirFrame) {
    GraphSession session;
    ASSERT_TRUE(session.prepare(ProcessSpec{kRate, 128, 1}).isOk());
    ASSERT_TRUE(session.loadGraph(R"({"nodes":[{"id":"c","type":"constant","params":{"value":0}}],"output":"c"})"));
    std::vector<float> out(4800, 0.0f);
    auto renderFrom = [&](size_t from, size_t to) {
        for (size_t start = from; start < to; start += 128) {
            float* p = out.data() + start;
            session.process(nullptr, 0, &p, static_cast<uint32_t>(std::min<size_t>(128, to - start)));
        }
    };
    renderFrom(0, 1280);  // 26.7 ms rendered
    const uint32_t c = static_cast<uint32_t>(session.nodeId("c"));
    // A ramp with no earlier event starts at the call's frame (1280) from the value then (0).
    AutomationCall ramp{TimelineMethod::linearRampToValueAtTime, 1.0, 2560.0 / kRate};
    ASSERT_TRUE(session.automate(c, 0, ramp));
    renderFrom(1280, 3840);
    AutomationCall hold{TimelineMethod::cancelAndHoldAtTime, 0.0, 1920.0 / kRate};
    const Status late = session.automate(c, 0, hold);  // in the past: the lane keeps 0.5 from then
    ASSERT_TRUE(late) << late.message();
    renderFrom(3840, 4800);
    double worst = 0.0;
    for (size_t k = 0; k < out.size(); ++k) {
        const double expected = k < 1280 ? 0.0 : (k < 2560 ? (double(k) - 1280.0) / 1280.0 : 1.0);
        if (k < 3840) worst = std::fmax(worst, std::fabs(out[k] - expected));
    }
    std::printf(
        "ramp scheduled at frame 1280 to 1 at frame 2560: max |error| %.3g; after cancelAndHold at "
        "frame 1920 (called at 3840): %.6f\n",
        worst, out[4000]);
    EXPECT_LE(worst, 1e-7);
    EXPECT_FLOAT_EQ(out[4000], 0.5f);
    // Errors name the parameter, the argument and the rule; the timeline is unchanged.
    AutomationCall outOfRange{TimelineMethod::setValueAtTime, 2e6, 1.0};
    const Status refused = session.automate(c, 0, outOfRange);
    AutomationCall negative{TimelineMethod::setValueAtTime, 1.0, -1.0};
    const Status negativeTime = session.automate(c, 0, negative);
    std::printf("%s\n%s\n", refused.message().c_str(), negativeTime.message().c_str());
    EXPECT_FALSE(refused);
    EXPECT_NE(refused.message().find("c.value 2e+06 is out of range (-1e+06…1e+06)"), std::string::npos);
    EXPECT_NE(negativeTime.message().find("c.value: setValueAtTime startTime -1 s is negative"), std::string::npos);
    EXPECT_EQ(session.timeline(c, 0)->events().size(), 1u);  // the ramp, cut at frame 1920
}

TEST(AutomationEngine, GraphJsonAutomationErrorsStartWithTheirPath) {
    GraphSession session;
    ASSERT_TRUE(session.prepare(ProcessSpec{kRate, 128, 1}).isOk());
    const struct {
        const char* automation;
        const char* expected;
    } cases[] = {
        {R"([{"method":"rampTo","value":1,"timeSeconds":1}])",
         "nodes[0].automation.value[0].method: 'rampTo' is not a timeline method"},
        {R"([{"method":"setValueAtTime","value":1}])", "nodes[0].automation.value[0]: needs \"timeSeconds\""},
        {R"([{"method":"setValueAtTime","value":1e9,"timeSeconds":0}])",
         "nodes[0].automation.value[0].value: value 1e+09 is out of range (-1e+06…1e+06)"},
        {R"([{"method":"setValueAtTime","value":0,"timeSeconds":0.5},
             {"method":"setValueCurveAtTime","values":[0,1],"timeSeconds":0.2,"durationSeconds":1}])",
         "nodes[0].automation.value[1]: setValueCurveAtTime 0.2…1.2 s covers an event at 0.5 s"},
        {R"([{"method":"exponentialRampToValueAtTime","value":0,"timeSeconds":1}])",
         "nodes[0].automation.value[0]: exponentialRampToValueAtTime value 0 is not allowed"},
    };
    for (const auto& c : cases) {
        const Status s = session.loadGraph(constantWithAutomation(c.automation));
        std::printf("%s\n", s.message().c_str());
        EXPECT_EQ(s.message().rfind(c.expected, 0), 0u) << s.message();
    }
}
