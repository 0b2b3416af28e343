#include "nodes/meter_node.h"

#include <cmath>

#include "dsp/channel_mixing.h"

namespace wavegraph {

namespace {
typedef float PairF __attribute__((vector_size(8)));
typedef int PairI __attribute__((vector_size(8)));
typedef double PairD __attribute__((vector_size(16)));
}  // namespace
namespace {

float toDb(double powerOrMagnitude, double factor) noexcept {
    if (!(powerOrMagnitude > 0.0)) return MeterNode::kFloorDb;
    const double db = factor * std::log10(powerOrMagnitude);
    return db < MeterNode::kFloorDb ? MeterNode::kFloorDb : static_cast<float>(db);
}

}  // namespace

MeterNode::MeterNode(uint32_t windowFrames)  // [control]
    : windowFrames_(windowFrames < kMinWindowFrames
                        ? kMinWindowFrames
                        : (windowFrames > kMaxWindowFrames ? kMaxWindowFrames : windowFrames)) {}

void MeterNode::prepare(const ProcessSpec& spec) {  // [control]
    Node::prepare(spec);
    reset();
}

void MeterNode::reset() noexcept {  // [audio]
    framesInWindow_ = 0;
    peak_.fill(0.0f);
    sumSquares_.fill(0.0);
}

void MeterNode::process(NodeIo& io) noexcept {  // [audio]
    if (io.outputs.empty()) return;
    AudioBlock& out = io.outputs[0];
    const uint32_t frames = io.numFrames;
    copyDiscrete(io.inputs.empty() ? AudioBlock{} : io.inputs[0], out, frames);
    meteredChannels_ = out.numChannels;

    uint32_t start = 0;
    while (start < frames) {  // segments that end at a window boundary or at the block's end
        const uint32_t left = windowFrames_ - framesInWindow_;
        const uint32_t count = frames - start < left ? frames - start : left;
        uint32_t ch = 0;
        // Channels two at a time in the two lanes of one vector (GCC/Clang vector extensions):
        // each lane keeps its channel's running peak and sum in the same order as the one-channel
        // loop below (same readings), with half the instructions and one add latency per frame.
        for (; ch + 1 < out.numChannels; ch += 2) {
            const float* x = out.channels[ch] + start;
            const float* y = out.channels[ch + 1] + start;
            PairF peak = {peak_[ch], peak_[ch + 1]};
            PairD sum = {sumSquares_[ch], sumSquares_[ch + 1]};
            for (uint32_t i = 0; i < count; ++i) {
                const PairF v = {x[i], y[i]};
                const PairF magnitude = (PairF)((PairI)v & 0x7fffffff);  // std::fabs, lane by lane
                peak = magnitude > peak ? magnitude : peak;
                const PairD d = __builtin_convertvector(v, PairD);
                sum += d * d;
            }
            peak_[ch] = peak[0];
            peak_[ch + 1] = peak[1];
            sumSquares_[ch] = sum[0];
            sumSquares_[ch + 1] = sum[1];
        }
        for (; ch < out.numChannels; ++ch) {
            const float* x = out.channels[ch] + start;
            float peak = peak_[ch];
            double sum = sumSquares_[ch];
            for (uint32_t i = 0; i < count; ++i) {
                const float magnitude = std::fabs(x[i]);
                if (magnitude > peak) peak = magnitude;
                sum += double{x[i]} * double{x[i]};
            }
            peak_[ch] = peak;
            sumSquares_[ch] = sum;
        }
        framesInWindow_ += count;
        start += count;
        if (framesInWindow_ == windowFrames_) {
            publish();
            reset();
        }
    }
}

void MeterNode::publish() noexcept {  // [audio] seqlock writer: never waits
    const uint64_t sequence = sequence_.load(std::memory_order_relaxed);
    sequence_.store(sequence + 1, std::memory_order_relaxed);  // odd: write under way
    std::atomic_thread_fence(std::memory_order_release);
    const uint64_t index = published_.load(std::memory_order_relaxed);
    snapshotIndex_.store(index, std::memory_order_relaxed);
    snapshotChannels_.store(meteredChannels_, std::memory_order_relaxed);
    for (uint32_t ch = 0; ch < meteredChannels_; ++ch) {
        snapshotPeakDb_[ch].store(toDb(peak_[ch], 20.0), std::memory_order_relaxed);
        snapshotRmsDb_[ch].store(toDb(sumSquares_[ch] / windowFrames_, 10.0), std::memory_order_relaxed);
    }
    sequence_.store(sequence + 2, std::memory_order_release);  // even: consistent
    published_.store(index + 1, std::memory_order_release);
}

bool MeterNode::latest(MeterReading& reading, int maxTries) const noexcept {  // [control]
    for (int attempt = 0; attempt < maxTries; ++attempt) {
        const uint64_t before = sequence_.load(std::memory_order_acquire);
        if (before == 0) return false;  // nothing published yet
        if (before & 1u) continue;      // the audio thread is writing
        reading.index = snapshotIndex_.load(std::memory_order_relaxed);
        reading.numChannels = snapshotChannels_.load(std::memory_order_relaxed);
        const uint32_t channels = reading.numChannels < kMaxChannels ? reading.numChannels : kMaxChannels;
        for (uint32_t ch = 0; ch < channels; ++ch) {
            reading.peakDb[ch] = snapshotPeakDb_[ch].load(std::memory_order_relaxed);
            reading.rmsDb[ch] = snapshotRmsDb_[ch].load(std::memory_order_relaxed);
        }
        std::atomic_thread_fence(std::memory_order_acquire);
        if (sequence_.load(std::memory_order_relaxed) == before) return true;
    }
    return false;
}

}  // namespace wavegraph

namespace wavegraph {

bool MeterNode::copyStateFrom(const Node& other) noexcept {  // [audio]
    if (!canCopyStateFrom(*this, other)) return false;
    const auto& source = static_cast<const MeterNode&>(other);
    if (source.windowFrames_ != windowFrames_) return false;
    framesInWindow_ = source.framesInWindow_;
    meteredChannels_ = source.meteredChannels_;
    peak_ = source.peak_;
    sumSquares_ = source.sumSquares_;
    if (source.published_.load(std::memory_order_acquire) == 0) return true;  // no reading yet
    // The published reading, under the same sequence protocol as publish().
    const uint64_t begin = sequence_.load(std::memory_order_relaxed) + 1;
    sequence_.store(begin, std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_release);
    snapshotIndex_.store(source.snapshotIndex_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    snapshotChannels_.store(source.snapshotChannels_.load(std::memory_order_relaxed), std::memory_order_relaxed);
    for (size_t ch = 0; ch < kMaxChannels; ++ch) {
        snapshotPeakDb_[ch].store(source.snapshotPeakDb_[ch].load(std::memory_order_relaxed),
                                  std::memory_order_relaxed);
        snapshotRmsDb_[ch].store(source.snapshotRmsDb_[ch].load(std::memory_order_relaxed), std::memory_order_relaxed);
    }
    sequence_.store(begin + 1, std::memory_order_release);
    published_.store(source.published_.load(std::memory_order_acquire), std::memory_order_release);
    return true;
}

}  // namespace wavegraph
