#pragma once
/// \file command_ring.h
/// Wait-free single-producer/single-consumer ring of fixed-size command records, laid out in
/// one contiguous byte region so that the same bytes can live in native memory, in wasm
/// memory, or (mirrored) in a SharedArrayBuffer written by TypeScript (worklet/command-ring.ts).
///
/// Byte layout (all little-endian; see docs/ring-layout.md):
///
/// | offset | size | field                                                         |
/// |--------|------|---------------------------------------------------------------|
/// | 0      | 4    | u32 writeIndex: records ever written (wraps at 2³²); producer |
/// | 64     | 4    | u32 readIndex: records ever read (wraps at 2³²); consumer     |
/// | 128    | 4    | u32 magic 0x32524757 ("WGR2")                                 |
/// | 132    | 4    | u32 capacity in records (a power of two)                      |
/// | 136    | 4    | u32 record size in bytes (32)                                 |
/// | 192    | 32·capacity | records; record n lives in slot n & (capacity − 1)     |
///
/// The indices sit on separate 64-byte cache lines so producer and consumer never share one.
/// The ring is empty when writeIndex == readIndex and full when writeIndex − readIndex ==
/// capacity. The producer writes a record, then publishes writeIndex (release); the consumer
/// reads writeIndex (acquire), copies records, then publishes readIndex (release).
///
/// Record (32 bytes): u32 target @0, u32 param @4, f64 value @8, i64 frameTime @16,
/// u32 kind @24, u32 sequence @28 (free for the writer: tests put canaries there). The same
/// record travels both ways: commands page → audio thread, events audio thread → page.

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/status.h"

namespace wavegraph {

static_assert(std::endian::native == std::endian::little, "the ring layout is little-endian");

/// What a command record asks for (its `kind`).
enum class CommandKind : uint32_t {
    setParameter = 0,           ///< Set the value; smoothed parameters ramp to it over the node's ramp time.
    setParameterImmediate = 1,  ///< Set the value at once, no ramp (as a Web Audio AudioParam's `value`).
};

/// One ring record (32 bytes, the layout above).
/// - As a command: set parameter `param` of node `target` to `value` at absolute frame
///   `frameTime` of the engine's clock (frames rendered since prepare; kAtNextBlock or any
///   negative value = at the start of the next block); `kind` is a CommandKind (0: ramped, 1: at
///   once).
/// - As an event (graph/engine_event.h): `kind` says what happened, `target`/`param` where
///   (node id, parameter id or channel), `value` the number, `frameTime` when.
struct RingRecord {
    static constexpr int64_t kAtNextBlock = -1;  ///< frameTime meaning "at the start of the next block".
    uint32_t target = 0;                         ///< Node id (offset 0).
    uint32_t param = 0;                          ///< Parameter id, or channel for some events (offset 4).
    double value = 0.0;                ///< The value in the parameter's unit, or the event's number (offset 8).
    int64_t frameTime = kAtNextBlock;  ///< Absolute engine frame, or negative for the next block (offset 16).
    uint32_t kind = 0;                 ///< CommandKind or EngineEventKind (offset 24).
    uint32_t sequence = 0;             ///< Free for the writer, e.g. a canary or counter (offset 28).
};
static_assert(sizeof(RingRecord) == 32);
static_assert(offsetof(RingRecord, value) == 8 && offsetof(RingRecord, frameTime) == 16 &&
              offsetof(RingRecord, kind) == 24 && offsetof(RingRecord, sequence) == 28);
/// A record in the command direction (page/control → audio thread).
using CommandRecord = RingRecord;

/// Byte offsets and constants of the ring layout (the table in the file comment; docs/ring-layout.md).
namespace ring_layout {
inline constexpr uint32_t kWriteIndexOffset = 0;     ///< u32 writeIndex, producer's cache line.
inline constexpr uint32_t kReadIndexOffset = 64;     ///< u32 readIndex, consumer's cache line.
inline constexpr uint32_t kMagicOffset = 128;        ///< u32 magic (kMagic).
inline constexpr uint32_t kCapacityOffset = 132;     ///< u32 capacity in records.
inline constexpr uint32_t kRecordBytesOffset = 136;  ///< u32 record size in bytes (kRecordBytes).
inline constexpr uint32_t kHeaderBytes = 192;        ///< Header size; record 0 starts here.
inline constexpr uint32_t kRecordBytes = 32;         ///< sizeof(RingRecord).
inline constexpr uint32_t kMagic = 0x32524757;       ///< "WGR2" in little-endian bytes.
inline constexpr uint32_t kMaxCapacity = 1u << 20;   ///< Largest capacity in records (2²⁰).
}  // namespace ring_layout

/// A ring over a caller-provided byte region (not owned). Copyable view; both ends use it.
class CommandRingView {
public:
    /// Bytes needed for `capacity` records (capacity must be a power of two).
    static constexpr size_t bytesFor(uint32_t capacity) noexcept {
        return ring_layout::kHeaderBytes + size_t{capacity} * ring_layout::kRecordBytes;
    }
    /// Writes a fresh header (indices 0) into memory [control]. memory must be 64-byte aligned
    /// and at least bytesFor(capacity) long. Errors name the bad capacity or size.
    static Status initialize(std::byte* memory, size_t bytes, uint32_t capacity);
    /// Attaches to an initialised region; fails (message) on a bad magic, capacity or size.
    static Status attach(std::byte* memory, size_t bytes, CommandRingView& out);

    CommandRingView() = default;

    /// Producer side [any one thread]. Wait-free; never allocates. False when full (the record
    /// is not written and nothing is overwritten).
    bool tryPush(const CommandRecord& record) noexcept;
    /// Consumer side [any one thread, e.g. audio]. Wait-free; never allocates. False when empty.
    bool tryPop(CommandRecord& out) noexcept;

    /// Records waiting (a snapshot). [any]
    uint32_t size() const noexcept;
    /// Capacity in records (a power of two); 0 when not attached. [any]
    uint32_t capacity() const noexcept { return capacity_; }
    /// Start of the ring's byte region (the header); null when not attached. [any]
    std::byte* data() const noexcept { return memory_; }
    /// True once initialised or attached to a region. [any]
    bool valid() const noexcept { return memory_ != nullptr; }

private:
    std::atomic<uint32_t>& writeIndex() const noexcept;
    std::atomic<uint32_t>& readIndex() const noexcept;

    std::byte* memory_ = nullptr;
    uint32_t capacity_ = 0;
    uint32_t mask_ = 0;
};

/// A ring that owns its (64-byte aligned) memory. [control] to create.
class CommandRing {
public:
    /// capacity: a power of two in [2, 2²⁰]. Check with validateCapacity first.
    explicit CommandRing(uint32_t capacity);
    /// Ok, or "ring capacity N must be a power of two in 2…1048576 records". [control]
    static Status validateCapacity(uint32_t capacity);

    /// The view over the owned memory, to hand to either end. [any]
    CommandRingView& view() noexcept { return view_; }
    /// CommandRingView::tryPush. [producer thread] Wait-free.
    bool tryPush(const CommandRecord& record) noexcept { return view_.tryPush(record); }
    /// CommandRingView::tryPop. [consumer thread] Wait-free.
    bool tryPop(CommandRecord& out) noexcept { return view_.tryPop(out); }
    /// Capacity in records. [any]
    uint32_t capacity() const noexcept { return view_.capacity(); }
    /// Start of the owned byte region (64-byte aligned). [any]
    std::byte* data() const noexcept { return view_.data(); }
    /// Size of the owned byte region: bytesFor(capacity()). [any]
    size_t bytes() const noexcept { return CommandRingView::bytesFor(view_.capacity()); }

private:
    struct AlignedDelete {
        void operator()(std::byte* p) const noexcept { ::operator delete[](p, std::align_val_t{64}); }
    };
    std::unique_ptr<std::byte[], AlignedDelete> memory_;
    CommandRingView view_;
};

}  // namespace wavegraph
