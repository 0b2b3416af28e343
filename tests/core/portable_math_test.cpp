// math::sin/cos/exp/exp2/exp10 (core/dsp/portable_math.h) against long double references
// (glibc's sinl, cosl, expl, exp2l, powl: 64-bit significands, 11 bits beyond double), on seeded
// random arguments over the ranges the core uses: error in units in the last place of the double
// result, which must stay below 1.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "dsp/portable_math.h"

namespace {

using wavegraph::math::cos;
using wavegraph::math::exp;
using wavegraph::math::exp10;
using wavegraph::math::exp2;
using wavegraph::math::sin;

/// |value − reference| in units of the double spacing at the reference.
double ulpError(double value, long double reference) {
    const double r = static_cast<double>(reference);
    const double spacing = std::nextafter(std::fabs(r), INFINITY) - std::fabs(r);
    return static_cast<double>(std::fabs(static_cast<long double>(value) - reference) / spacing);
}

template <typename F, typename R>
double maxUlpError(const char* name, double lo, double hi, F f, R reference) {
    std::mt19937_64 random(20261206);
    std::uniform_real_distribution<double> argument(lo, hi);
    double worst = 0.0, worstAt = 0.0;
    for (int i = 0; i < 1'000'000; ++i) {
        const double x = argument(random);
        const double e = ulpError(f(x), reference(static_cast<long double>(x)));
        if (e > worst) {
            worst = e;
            worstAt = x;
        }
    }
    std::printf("%s on [%g, %g]: max error %.3f ulp (at %.17g), 10^6 arguments\n", name, lo, hi, worst, worstAt);
    return worst;
}

TEST(PortableMath, SinCosWithinOneUlp) {
    EXPECT_LT(maxUlpError(
                  "sin", -7.0, 7.0, [](double x) { return sin(x); }, [](long double x) { return sinl(x); }),
              1.0);
    EXPECT_LT(maxUlpError(
                  "cos", -7.0, 7.0, [](double x) { return cos(x); }, [](long double x) { return cosl(x); }),
              1.0);
    EXPECT_LT(maxUlpError(
                  "sin", -2e4, 2e4, [](double x) { return sin(x); }, [](long double x) { return sinl(x); }),
              1.0);
}

TEST(PortableMath, SincosGivesTheBitsOfSinAndCos) {
    std::mt19937_64 random(7);
    std::uniform_real_distribution<double> argument(-50.0, 50.0);
    int differing = 0;
    for (int i = 0; i < 100'000; ++i) {
        const double x = argument(random);
        double s = 0.0, c = 0.0;
        wavegraph::math::sincos(x, s, c);
        differing += (s != sin(x)) + (c != cos(x));
    }
    std::printf("sincos vs sin, cos: %d of 200000 values differ\n", differing);
    EXPECT_EQ(differing, 0);
}

TEST(PortableMath, ExpFamilyWithinOneUlp) {
    EXPECT_LT(maxUlpError(
                  "exp", -700.0, 700.0, [](double x) { return exp(x); }, [](long double x) { return expl(x); }),
              1.0);
    EXPECT_LT(maxUlpError(
                  "exp2", -1000.0, 1000.0, [](double x) { return exp2(x); }, [](long double x) { return exp2l(x); }),
              1.0);
    EXPECT_LT(maxUlpError(
                  "exp10 (dB/20 of -120…40 dB)", -6.0, 2.0, [](double x) { return exp10(x); },
                  [](long double x) { return powl(10.0L, x); }),
              1.0);
    EXPECT_LT(maxUlpError(
                  "exp10 (Q in dB up to 770.6)", -38.6, 38.6, [](double x) { return exp10(x); },
                  [](long double x) { return powl(10.0L, x); }),
              1.0);
}

TEST(PortableMath, ExactAndSpecialValues) {
    for (int k = -1022; k <= 1023; ++k) ASSERT_EQ(exp2(k), std::ldexp(1.0, k)) << k;
    for (int k = 0; k <= 22; ++k) EXPECT_EQ(exp10(k), std::pow(10.0, k)) << k;  // 10^k exact for k ≤ 22
    EXPECT_EQ(sin(0.0), 0.0);
    EXPECT_EQ(cos(0.0), 1.0);
    EXPECT_EQ(exp(0.0), 1.0);
    EXPECT_TRUE(std::isnan(sin(NAN)) && std::isnan(cos(INFINITY)) && std::isnan(exp(NAN)));
    EXPECT_EQ(exp(800.0), INFINITY);
    EXPECT_EQ(exp(-800.0), 0.0);
    EXPECT_EQ(exp10(400.0), INFINITY);
    EXPECT_EQ(exp10(-400.0), 0.0);
}

}  // namespace
