// The AudioParam timeline against the W3C formulas evaluated independently here, at probe frames:
// each curve shape, the event-ordering rules, the cancel methods and the argument checks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "automation/param_timeline.h"

using namespace wavegraph;

namespace {

constexpr double kRate = 48000.0;

// The lane's value at frame k (the start value before the first segment), walking the lane the
// way the audio thread does.
double laneValue(const AutomationLane& lane, int64_t k, double startValue) {
    const int64_t index = lane.segmentAt(k, -1);
    return index < 0 ? startValue : lane.valueAt(index, k);
}

double maxError(const ParamTimeline& timeline, double startValue, int64_t from, int64_t to,
                double (*reference)(double t)) {
    const auto lane = timeline.compile(0, 0, kRate);
    double worst = 0.0;
    for (int64_t k = from; k < to; ++k)
        worst =
            std::fmax(worst, std::fabs(laneValue(*lane, k, startValue) - reference(static_cast<double>(k) / kRate)));
    return worst;
}

}  // namespace

TEST(ParamTimeline, LinearRampFollowsTheW3CFormula) {
    ParamTimeline t;
    ASSERT_TRUE(t.setValueAtTime(0.25, 0.1));
    ASSERT_TRUE(t.linearRampToValueAtTime(-0.75, 0.6));
    const double err = maxError(t, 1.0, 0, 48000, [](double s) {
        if (s < 0.1) return 1.0;
        if (s < 0.6) return 0.25 + (-0.75 - 0.25) * (s - 0.1) / 0.5;
        return -0.75;
    });
    std::printf("linear ramp: max |error| %.3g over 48000 frames\n", err);
    EXPECT_LE(err, 1e-12);
}

TEST(ParamTimeline, ExponentialRampFollowsTheW3CFormula) {
    ParamTimeline t;
    ASSERT_TRUE(t.setValueAtTime(20.0, 0.0));
    ASSERT_TRUE(t.exponentialRampToValueAtTime(20000.0, 0.5));
    const double err =
        maxError(t, 440.0, 0, 36000, [](double s) { return s < 0.5 ? 20.0 * std::pow(1000.0, s / 0.5) : 20000.0; });
    std::printf("exponential ramp 20 → 20000: max |error| %.3g\n", err);
    EXPECT_LE(err, 1e-9);
}

TEST(ParamTimeline, ExponentialRampAcrossZeroHoldsThenJumps) {
    ParamTimeline t;
    ASSERT_TRUE(t.setValueAtTime(-1.0, 0.0));
    ASSERT_TRUE(t.exponentialRampToValueAtTime(2.0, 0.25));
    const double err = maxError(t, 0.0, 0, 24000, [](double s) { return s < 0.25 ? -1.0 : 2.0; });
    std::printf("exponential ramp -1 → 2 (opposite signs): max |error| %.3g\n", err);
    EXPECT_EQ(err, 0.0);
    EXPECT_FALSE(t.exponentialRampToValueAtTime(0.0, 1.0));
}

TEST(ParamTimeline, SetTargetApproachesExponentiallyAndSettles) {
    ParamTimeline t;
    ASSERT_TRUE(t.setValueAtTime(1.0, 0.0));
    ASSERT_TRUE(t.setTargetAtTime(0.0, 0.1, 0.05));
    const double err = maxError(t, 0.0, 0, 48000, [](double s) {
        if (s < 0.1) return 1.0;
        const double v = std::exp(-(s - 0.1) / 0.05);
        return std::fabs(v) <= ParamTimeline::kSetTargetZeroThreshold ? 0.0 : v;
    });
    std::printf("setTarget 1 → 0, tau 0.05 s: max |error| %.3g\n", err);
    EXPECT_LE(err, 1e-12);
    // Within 1.5e-6 of a non-zero target the lane holds the target.
    ParamTimeline u;
    ASSERT_TRUE(u.setTargetAtTime(2.0, 0.0, 0.01));
    const auto lane = u.compile(0, 0, kRate);
    const double settleS = 0.01 * std::log(2.0 / (1.5e-6 * 2.0));
    const auto settleFrame = static_cast<int64_t>(std::ceil(settleS * kRate));
    std::printf("setTarget 0 → 2, tau 0.01 s: holds 2 from frame %lld (analytic %.2f)\n",
                static_cast<long long>(settleFrame), settleS * kRate);
    EXPECT_NE(laneValue(*lane, settleFrame - 1, 0.0), 2.0);
    EXPECT_EQ(laneValue(*lane, settleFrame, 0.0), 2.0);
    EXPECT_FALSE(lane->varies(lane->segmentAt(settleFrame, -1)));
}

TEST(ParamTimeline, ValueCurveInterpolatesAndHoldsItsLastPoint) {
    ParamTimeline t;
    const std::vector<double> curve{0.0, 1.0, -0.5, 0.25};
    ASSERT_TRUE(t.setValueCurveAtTime(curve, 0.2, 0.3));
    const auto lane = t.compile(0, 0, kRate);
    double worst = 0.0;
    for (int64_t k = 0; k < 30000; ++k) {
        const double s = static_cast<double>(k) / kRate;
        double expected = 7.0;  // before the curve: the start value
        if (s >= 0.5)
            expected = 0.25;
        else if (s >= 0.2) {
            const double pos = 3.0 * (s - 0.2) / 0.3;
            const auto i = static_cast<size_t>(std::floor(pos));
            expected = curve[i] + (curve[i + 1] - curve[i]) * (pos - static_cast<double>(i));
        }
        worst = std::fmax(worst, std::fabs(laneValue(*lane, k, 7.0) - expected));
    }
    std::printf("value curve (4 points over 0.3 s): max |error| %.3g\n", worst);
    EXPECT_LE(worst, 1e-12);
}

TEST(ParamTimeline, RampWithoutPreviousEventStartsAtTheTimelineStart) {
    ParamTimeline t;
    t.setStart(0.5, 0.25);
    ASSERT_TRUE(t.linearRampToValueAtTime(1.5, 0.75));
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.1), 0.5);
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.5), 1.0);
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.75), 1.5);
}

TEST(ParamTimeline, RampAfterSetTargetStartsWhereTheSetTargetStarted) {
    ParamTimeline t;
    ASSERT_TRUE(t.setValueAtTime(1.0, 0.0));
    ASSERT_TRUE(t.setTargetAtTime(5.0, 0.2, 0.1));
    ASSERT_TRUE(t.linearRampToValueAtTime(3.0, 0.6));
    // The ramp replaces the setTarget: 1 at 0.2 s to 3 at 0.6 s.
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.1), 1.0);
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.4), 2.0);
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.7), 3.0);
}

TEST(ParamTimeline, EventsAtTheSameTimeApplyInInsertionOrder) {
    ParamTimeline t;
    ASSERT_TRUE(t.setValueAtTime(1.0, 0.5));
    ASSERT_TRUE(t.setValueAtTime(2.0, 0.5));
    ASSERT_TRUE(t.setValueAtTime(3.0, 0.25));  // earlier time: sorted before both
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.3), 3.0);
    EXPECT_DOUBLE_EQ(t.valueAtTime(0.5), 2.0);
    ASSERT_EQ(t.events().size(), 3u);
    EXPECT_EQ(t.events()[0].value, 3.0);
    EXPECT_EQ(t.events()[2].value, 2.0);
}

TEST(ParamTimeline, NoEventMayFallInsideACurve) {
    ParamTimeline t;
    const std::vector<double> curve{0.0, 1.0};
    ASSERT_TRUE(t.setValueAtTime(0.0, 1.0));
    const Status covers = t.setValueCurveAtTime(curve, 0.5, 1.0);
    std::printf("%s\n", covers.message().c_str());
    EXPECT_FALSE(covers);
    EXPECT_NE(covers.message().find("covers an event at 1 s"), std::string::npos);
    ASSERT_TRUE(t.setValueCurveAtTime(curve, 1.0, 1.0));  // at the time of an event: allowed
    const Status inside = t.linearRampToValueAtTime(3.0, 1.5);
    std::printf("%s\n", inside.message().c_str());
    EXPECT_FALSE(inside);
    EXPECT_TRUE(t.setValueAtTime(3.0, 2.0));  // at the curve's end: allowed
}

TEST(ParamTimeline, ArgumentChecksNameTheValueAndTheRule) {
    ParamTimeline t("eq.band4.gainDb");
    const Status negative = t.setValueAtTime(1.0, -0.5);
    const Status nan = t.linearRampToValueAtTime(std::nan(""), 1.0);
    const Status tau = t.setTargetAtTime(1.0, 0.0, -1.0);
    const std::vector<double> one{1.0};
    const Status shortCurve = t.setValueCurveAtTime(one, 0.0, 1.0);
    const std::vector<double> two{1.0, 2.0};
    const Status duration = t.setValueCurveAtTime(two, 0.0, 0.0);
    const Status cancel = t.cancelScheduledValues(-1.0);
    for (const Status* s : {&negative, &nan, &tau, &shortCurve, &duration, &cancel}) {
        std::printf("%s\n", s->message().c_str());
        EXPECT_FALSE(*s);
        EXPECT_EQ(s->message().rfind("eq.band4.gainDb: ", 0), 0u);
    }
    EXPECT_NE(negative.message().find("startTime -0.5 s is negative"), std::string::npos);
    EXPECT_TRUE(t.empty());
}

TEST(ParamTimeline, CancelScheduledValuesRemovesEventsFromItsTimeAndARunningCurve) {
    ParamTimeline t;
    ASSERT_TRUE(t.setValueAtTime(1.0, 0.0));
    ASSERT_TRUE(t.linearRampToValueAtTime(2.0, 1.0));
    ASSERT_TRUE(t.setValueAtTime(5.0, 2.0));
    ASSERT_TRUE(t.cancelScheduledValues(0.5));  // the ramp ends after 0.5 s: removed
    EXPECT_EQ(t.events().size(), 1u);
    EXPECT_DOUBLE_EQ(t.valueAtTime(3.0), 1.0);
    const std::vector<double> curve{0.0, 1.0};
    ASSERT_TRUE(t.setValueCurveAtTime(curve, 1.0, 1.0));
    ASSERT_TRUE(t.cancelScheduledValues(1.5));  // inside the curve: the curve goes
    EXPECT_EQ(t.events().size(), 1u);
}

TEST(ParamTimeline, CancelAndHoldKeepsTheValueAtTheCancelTime) {
    // A linear ramp cut in its middle.
    ParamTimeline ramp;
    ASSERT_TRUE(ramp.setValueAtTime(0.0, 0.0));
    ASSERT_TRUE(ramp.linearRampToValueAtTime(1.0, 1.0));
    ASSERT_TRUE(ramp.setValueAtTime(9.0, 2.0));
    ASSERT_TRUE(ramp.cancelAndHoldAtTime(0.25));
    EXPECT_DOUBLE_EQ(ramp.valueAtTime(0.125), 0.125);
    EXPECT_DOUBLE_EQ(ramp.valueAtTime(0.25), 0.25);
    EXPECT_DOUBLE_EQ(ramp.valueAtTime(5.0), 0.25);
    // An exponential ramp keeps its shape up to the cut.
    ParamTimeline expo;
    ASSERT_TRUE(expo.setValueAtTime(1.0, 0.0));
    ASSERT_TRUE(expo.exponentialRampToValueAtTime(16.0, 1.0));
    ASSERT_TRUE(expo.cancelAndHoldAtTime(0.5));
    EXPECT_NEAR(expo.valueAtTime(0.25), 2.0, 1e-12);
    EXPECT_NEAR(expo.valueAtTime(3.0), 4.0, 1e-12);
    // A setTarget held at its value.
    ParamTimeline target;
    ASSERT_TRUE(target.setValueAtTime(1.0, 0.0));
    ASSERT_TRUE(target.setTargetAtTime(0.0, 0.0, 0.5));
    ASSERT_TRUE(target.cancelAndHoldAtTime(0.5));
    EXPECT_NEAR(target.valueAtTime(0.25), std::exp(-0.5), 1e-12);
    EXPECT_NEAR(target.valueAtTime(4.0), std::exp(-1.0), 1e-12);
    // A curve stops at the cut with the value it has there.
    ParamTimeline curve;
    const std::vector<double> points{0.0, 1.0, 0.0};
    ASSERT_TRUE(curve.setValueCurveAtTime(points, 0.0, 1.0));
    ASSERT_TRUE(curve.cancelAndHoldAtTime(0.25));
    EXPECT_NEAR(curve.valueAtTime(0.125), 0.25, 1e-12);
    EXPECT_NEAR(curve.valueAtTime(0.75), 0.5, 1e-12);
    std::printf("cancelAndHold: ramp 0.25, exponential 4, setTarget e^-1 = %.6f, curve 0.5\n", target.valueAtTime(4.0));
}
