#pragma once
/// \file spsc_queue.h
/// A wait-free single-producer/single-consumer queue of trivially copyable values (e.g. plan
/// pointers handed between the control and audio threads). Fixed capacity, no allocation
/// after construction; push and pop never block.

#include <array>
#include <atomic>
#include <cstddef>
#include <type_traits>

namespace wavegraph {

/// Wait-free SPSC queue of `Capacity` (a power of two, ≥ 2) trivially copyable `T`s. Producer
/// and consumer are one thread each ([control] and [audio], either way round).
template <typename T, size_t Capacity>
class SpscQueue {
    static_assert(std::is_trivially_copyable_v<T>);
    static_assert(Capacity >= 2 && (Capacity & (Capacity - 1)) == 0, "capacity must be a power of two");

public:
    /// Producer side. False when full (nothing is overwritten). Never allocates.
    bool tryPush(const T& value) noexcept {
        const size_t write = write_.load(std::memory_order_relaxed);
        if (write - read_.load(std::memory_order_acquire) >= Capacity) return false;
        slots_[write & (Capacity - 1)] = value;
        write_.store(write + 1, std::memory_order_release);
        return true;
    }
    /// Consumer side. False when empty. Never allocates.
    bool tryPop(T& out) noexcept {
        const size_t read = read_.load(std::memory_order_relaxed);
        if (read == write_.load(std::memory_order_acquire)) return false;
        out = slots_[read & (Capacity - 1)];
        read_.store(read + 1, std::memory_order_release);
        return true;
    }

    /// Values waiting, as seen from either side (exact on the consumer side, which alone removes
    /// them; the producer may add more meanwhile). Never allocates.
    size_t size() const noexcept {
        const size_t read = read_.load(std::memory_order_acquire);
        return write_.load(std::memory_order_acquire) - read;
    }
    /// size() == 0. Never allocates.
    bool empty() const noexcept { return size() == 0; }

private:
    std::array<T, Capacity> slots_{};
    alignas(64) std::atomic<size_t> write_{0};  // producer's line
    alignas(64) std::atomic<size_t> read_{0};   // consumer's line
};

}  // namespace wavegraph
