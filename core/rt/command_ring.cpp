#include "rt/command_ring.h"

#include <cstring>
#include <new>
#include <string>

namespace wavegraph {

using namespace ring_layout;

namespace {
uint32_t loadU32(const std::byte* p) noexcept {
    uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}
void storeU32(std::byte* p, uint32_t v) noexcept { std::memcpy(p, &v, 4); }
}  // namespace

Status CommandRing::validateCapacity(uint32_t capacity) {  // [control]
    if (capacity < 2 || capacity > kMaxCapacity || !std::has_single_bit(capacity))
        return Status::error("ring capacity " + std::to_string(capacity) + " must be a power of two in 2…" +
                             std::to_string(kMaxCapacity) + " records");
    return Status::ok();
}

Status CommandRingView::initialize(std::byte* memory, size_t bytes, uint32_t capacity) {  // [control]
    if (auto s = CommandRing::validateCapacity(capacity); !s) return s;
    if (memory == nullptr || reinterpret_cast<uintptr_t>(memory) % 64 != 0)
        return Status::error("ring memory must be 64-byte aligned");
    if (bytes < bytesFor(capacity))
        return Status::error("ring memory of " + std::to_string(bytes) + " bytes is too small (" +
                             std::to_string(bytesFor(capacity)) + " needed for " + std::to_string(capacity) +
                             " records)");
    std::memset(memory, 0, kHeaderBytes);
    new (memory + kWriteIndexOffset) std::atomic<uint32_t>(0);  // [control] placement, no allocation
    new (memory + kReadIndexOffset) std::atomic<uint32_t>(0);   // [control] placement, no allocation
    storeU32(memory + kMagicOffset, kMagic);
    storeU32(memory + kCapacityOffset, capacity);
    storeU32(memory + kRecordBytesOffset, kRecordBytes);
    return Status::ok();
}

Status CommandRingView::attach(std::byte* memory, size_t bytes, CommandRingView& out) {  // [control]
    if (memory == nullptr || bytes < kHeaderBytes) return Status::error("ring memory is missing or too small");
    if (loadU32(memory + kMagicOffset) != kMagic) return Status::error("ring memory has no WGR2 header");
    const uint32_t capacity = loadU32(memory + kCapacityOffset);
    if (auto s = CommandRing::validateCapacity(capacity); !s) return s;
    if (loadU32(memory + kRecordBytesOffset) != kRecordBytes)
        return Status::error("ring record size is not " + std::to_string(kRecordBytes) + " bytes");
    if (bytes < bytesFor(capacity)) return Status::error("ring memory is smaller than its capacity");
    out.memory_ = memory;
    out.capacity_ = capacity;
    out.mask_ = capacity - 1;
    return Status::ok();
}

std::atomic<uint32_t>& CommandRingView::writeIndex() const noexcept {
    return *std::launder(reinterpret_cast<std::atomic<uint32_t>*>(memory_ + kWriteIndexOffset));
}
std::atomic<uint32_t>& CommandRingView::readIndex() const noexcept {
    return *std::launder(reinterpret_cast<std::atomic<uint32_t>*>(memory_ + kReadIndexOffset));
}

bool CommandRingView::tryPush(const CommandRecord& record) noexcept {  // [producer]
    if (memory_ == nullptr) return false;
    const uint32_t write = writeIndex().load(std::memory_order_relaxed);
    const uint32_t read = readIndex().load(std::memory_order_acquire);
    if (write - read >= capacity_) return false;  // full (unsigned difference survives wrap)
    std::memcpy(memory_ + kHeaderBytes + size_t{write & mask_} * kRecordBytes, &record, kRecordBytes);
    writeIndex().store(write + 1, std::memory_order_release);
    return true;
}

bool CommandRingView::tryPop(CommandRecord& out) noexcept {  // [consumer]
    if (memory_ == nullptr) return false;
    const uint32_t read = readIndex().load(std::memory_order_relaxed);
    const uint32_t write = writeIndex().load(std::memory_order_acquire);
    if (read == write) return false;
    std::memcpy(&out, memory_ + kHeaderBytes + size_t{read & mask_} * kRecordBytes, kRecordBytes);
    readIndex().store(read + 1, std::memory_order_release);
    return true;
}

uint32_t CommandRingView::size() const noexcept {  // [any]
    if (memory_ == nullptr) return 0;
    return writeIndex().load(std::memory_order_acquire) - readIndex().load(std::memory_order_acquire);
}

CommandRing::CommandRing(uint32_t capacity)  // [control]
    : memory_(static_cast<std::byte*>(::operator new[](CommandRingView::bytesFor(capacity), std::align_val_t{64}))) {
    const size_t bytes = CommandRingView::bytesFor(capacity);
    std::memset(memory_.get(), 0, bytes);
    if (CommandRingView::initialize(memory_.get(), bytes, capacity))
        (void)CommandRingView::attach(memory_.get(), bytes, view_);
}

}  // namespace wavegraph
