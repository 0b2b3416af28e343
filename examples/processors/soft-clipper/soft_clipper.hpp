// SPDX-License-Identifier: MIT
#pragma once
/// \file soft_clipper.hpp
/// A soft clipper with a drive control, as a wavegraph processor (wavegraph/processor.hpp).
///
/// y = s(drive · x), with s the (3, 2) Padé approximant of tanh, s(v) = v (27 + v²) / (27 + 9 v²),
/// which reaches ±1 with zero slope at v = ±3 and is held at ±1 beyond. Only +, −, ×, ÷ and
/// comparisons: every host (native, WebAssembly) computes the same float32 samples.
/// One input port and one output port, each with the graph's channel count (planar).
/// "drive" (linear, 1…20, default 1) ramps linearly over 5 ms (240 frames at 48 kHz).

#include <array>
#include <cstdint>
#include <vector>

#include "wavegraph/processor.hpp"

class SoftClipper {
public:
    static constexpr const char* kTypeName = "softClipper";
    static constexpr const char* kDescription =
        "Soft clipper: y = s(drive·x), s the (3,2) Padé approximant of tanh, saturating at ±1 from |drive·x| = 3.";
    static constexpr std::array<uint32_t, 1> kInputChannels{0};
    static constexpr std::array<uint32_t, 1> kOutputChannels{0};
    static constexpr std::array<wg_parameter_descriptor, 1> kParameters{{
        {"drive", "", 1.0, 20.0, 1.0, WG_PARAMETER_SMOOTHED},
    }};
    /// Copy assignment copies the whole state without allocating (no heap members).
    static constexpr bool kCopyStateByAssignment = true;
    static constexpr double kRampMs = 5.0;

    /// [control]
    void prepare(double sampleRateHz, uint32_t /*maxBlockFrames*/, uint32_t channels) {
        rampFrames_ = static_cast<uint32_t>(sampleRateHz * kRampMs / 1000.0 + 0.5);
        channels_ = channels;
        reset();
    }
    /// Snaps the drive ramp to its target. [audio]
    void reset() noexcept {
        drive_ = target_;
        framesLeft_ = 0;
    }
    /// inputs/outputs: channels_ planar channels of `frames` samples. [audio]
    void process(const float* const* inputs, float* const* outputs, uint32_t frames) noexcept {
        // Frame by frame: the drive ramp advances once per frame for every channel, so the
        // samples do not depend on how a render is split into blocks.
        for (uint32_t i = 0; i < frames; ++i) {
            if (framesLeft_ > 0) drive_ = --framesLeft_ == 0 ? target_ : drive_ + step_;
            for (uint32_t ch = 0; ch < channels_; ++ch)
                outputs[ch][i] = static_cast<float>(shape(drive_ * static_cast<double>(inputs[ch][i])));
        }
    }
    /// id 0 = drive (already in 1…20). [audio]
    void setParameter(uint32_t /*id*/, double value, bool immediate) noexcept {
        target_ = value;
        if (immediate || rampFrames_ == 0) {
            drive_ = value;
            framesLeft_ = 0;
            return;
        }
        framesLeft_ = rampFrames_;
        step_ = (target_ - drive_) / rampFrames_;
    }

    /// s(v): the (3, 2) Padé approximant of tanh, held at ±1 for |v| ≥ 3. [any]
    static double shape(double v) noexcept {
        if (v >= 3.0) return 1.0;
        if (v <= -3.0) return -1.0;
        const double v2 = v * v;
        return v * (27.0 + v2) / (27.0 + 9.0 * v2);
    }

private:
    uint32_t channels_ = 0;
    uint32_t rampFrames_ = 0;
    double drive_ = 1.0;
    double target_ = 1.0;
    double step_ = 0.0;
    uint32_t framesLeft_ = 0;
};
