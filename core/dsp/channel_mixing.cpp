#include "dsp/channel_mixing.h"

#include <string>

#include "dsp/copy_frames.h"

namespace wavegraph {
namespace {

// The spec's literal coefficient (§ "Down Mixing Speaker Layouts"), not an exact √½.
constexpr float kSqrtHalf = 0.7071f;

bool isSpeakerLayout(uint32_t channels) noexcept {
    return channels == 1 || channels == 2 || channels == 4 || channels == 6;
}

// Both counts are in {1, 2, 4, 6} and differ. Each frame reads every input before writing.
void mixSpeakers(const AudioBlock& in, AudioBlock& out, uint32_t frames) noexcept {
    const uint32_t from = in.numChannels, to = out.numChannels;
    float* const* o = out.channels.data();
    const float* const* x = in.channels.data();
    if (from == 1) {  // mono up-mix
        for (uint32_t i = 0; i < frames; ++i) {
            const float m = x[0][i];
            if (to == 6) {
                o[0][i] = 0.0f;
                o[1][i] = 0.0f;
                o[2][i] = m;
                o[3][i] = 0.0f;
                o[4][i] = 0.0f;
                o[5][i] = 0.0f;
            } else {  // 2 or 4: L = R = M
                o[0][i] = m;
                o[1][i] = m;
                if (to == 4) {
                    o[2][i] = 0.0f;
                    o[3][i] = 0.0f;
                }
            }
        }
    } else if (to == 1) {  // down-mix to mono
        for (uint32_t i = 0; i < frames; ++i) {
            float m;
            if (from == 2)
                m = 0.5f * (x[0][i] + x[1][i]);
            else if (from == 4)
                m = 0.25f * (x[0][i] + x[1][i] + x[2][i] + x[3][i]);
            else
                m = kSqrtHalf * (x[0][i] + x[1][i]) + x[2][i] + 0.5f * (x[4][i] + x[5][i]);
            o[0][i] = m;
        }
    } else if (from == 2) {  // stereo up to quad or 5.1: L, R, rest silent
        for (uint32_t i = 0; i < frames; ++i) {
            const float l = x[0][i], r = x[1][i];
            o[0][i] = l;
            o[1][i] = r;
            for (uint32_t ch = 2; ch < to; ++ch) o[ch][i] = 0.0f;
        }
    } else if (from == 4 && to == 6) {  // quad → 5.1: L R 0 0 SL SR
        for (uint32_t i = 0; i < frames; ++i) {
            const float l = x[0][i], r = x[1][i], sl = x[2][i], sr = x[3][i];
            o[0][i] = l;
            o[1][i] = r;
            o[2][i] = 0.0f;
            o[3][i] = 0.0f;
            o[4][i] = sl;
            o[5][i] = sr;
        }
    } else if (from == 4) {  // quad → stereo
        for (uint32_t i = 0; i < frames; ++i) {
            const float l = 0.5f * (x[0][i] + x[2][i]), r = 0.5f * (x[1][i] + x[3][i]);
            o[0][i] = l;
            o[1][i] = r;
        }
    } else if (to == 2) {  // 5.1 → stereo
        for (uint32_t i = 0; i < frames; ++i) {
            const float c = x[2][i];
            const float l = x[0][i] + kSqrtHalf * (c + x[4][i]);
            const float r = x[1][i] + kSqrtHalf * (c + x[5][i]);
            o[0][i] = l;
            o[1][i] = r;
        }
    } else {  // 5.1 → quad
        for (uint32_t i = 0; i < frames; ++i) {
            const float c = x[2][i], sl = x[4][i], sr = x[5][i];
            const float l = x[0][i] + kSqrtHalf * c, r = x[1][i] + kSqrtHalf * c;
            o[0][i] = l;
            o[1][i] = r;
            o[2][i] = sl;
            o[3][i] = sr;
        }
    }
}

}  // namespace

Status canMix(uint32_t fromChannels, uint32_t toChannels) {  // [control]
    for (const uint32_t count : {fromChannels, toChannels})
        if (count < 1 || count > kMaxChannels)
            return Status::error("channel count " + std::to_string(count) + " is out of range (1…" +
                                 std::to_string(kMaxChannels) + ")");
    return Status::ok();
}

void copyDiscrete(const AudioBlock& in, AudioBlock& out, uint32_t frames) noexcept {  // [audio]
    for (uint32_t ch = 0; ch < out.numChannels; ++ch) {
        float* dst = out.channels[ch];
        if (ch < in.numChannels) {
            const float* src = in.channels[ch];
            copyFrames(dst, src, frames);  // nothing when dst == src
        } else {
            for (uint32_t i = 0; i < frames; ++i) dst[i] = 0.0f;
        }
    }
}

void mixChannels(const AudioBlock& in, AudioBlock& out,
                 ChannelInterpretation interpretation) noexcept {  // [audio]
    const uint32_t frames = in.numFrames;
    out.numFrames = frames;
    if (interpretation == ChannelInterpretation::speakers && in.numChannels != out.numChannels &&
        isSpeakerLayout(in.numChannels) && isSpeakerLayout(out.numChannels))
        mixSpeakers(in, out, frames);
    else
        copyDiscrete(in, out, frames);
}

}  // namespace wavegraph
