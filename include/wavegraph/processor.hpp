// SPDX-License-Identifier: MIT
#pragma once
/// \file processor.hpp
/// Turns a C++ class into a wavegraph processor descriptor (processor.h), header-only, C++17.
///
/// A processor class `P` provides:
/// \code
///   static constexpr const char* kTypeName = "softClipper";        // graph JSON "type"
///   static constexpr const char* kDescription = "one line";         // for `wavegraph nodes`
///   static constexpr std::array<uint32_t, 1> kInputChannels{0};     // per input port; 0 = follow
///   static constexpr std::array<uint32_t, 1> kOutputChannels{0};    // per output port
///   static constexpr std::array<wg_parameter_descriptor, 1> kParameters{{
///       {"drive", "", 1.0, 20.0, 1.0, WG_PARAMETER_SMOOTHED}}};
///   P();                                                             // parameters at defaults
///   void prepare(double sampleRateHz, uint32_t maxBlockFrames, uint32_t channels);  // [control]
///   void reset() noexcept;                                           // [audio]
///   void process(const float* const* inputs, float* const* outputs, uint32_t frames);  // [audio]
///   void setParameter(uint32_t id, double value, bool immediate);   // [audio]
/// \endcode
/// and optionally `static constexpr bool kCopyStateByAssignment = true;` when `P`'s copy
/// assignment copies its whole state without allocating (fixed-size members only): the host then
/// crossfades graph swaps from the running state (copy_state).
///
/// `wavegraph::processorDescriptor<P>()` returns the descriptor; `WAVEGRAPH_PROCESSOR_ENTRY(...)`
/// defines the entry function of a plugin or a custom WebAssembly core listing descriptors.
///
/// **Exceptions stop at the boundary.** Every function of the descriptor catches whatever `P`
/// throws and returns WG_PROCESSOR_EXCEPTION (create returns NULL): the host then refuses the
/// graph (create, prepare) or silences the block and counts the failure (process). Builds without
/// exceptions (the WebAssembly cores use -fno-exceptions) have nothing to catch: there a `throw`
/// does not compile, and a processor reports failure through its return values only.

#include <array>
#include <cstdint>
#include <iterator>
#include <new>
#include <type_traits>

#include "wavegraph/processor.h"

namespace wavegraph {
/// @cond internal
// processor_detail: the machinery behind processorDescriptor(), not part of the API.
namespace processor_detail {

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#define WG_PROCESSOR_TRY try
#define WG_PROCESSOR_CATCH(result)         \
    catch (const std::bad_alloc&) {        \
        return WG_PROCESSOR_OUT_OF_MEMORY; \
    }                                      \
    catch (...) {                          \
        return result;                     \
    }
#else
#define WG_PROCESSOR_TRY
#define WG_PROCESSOR_CATCH(result)
#endif

template <class P, class = void>
struct CopiesStateByAssignment : std::false_type {};
template <class P>
struct CopiesStateByAssignment<P, std::void_t<decltype(P::kCopyStateByAssignment)>>
    : std::bool_constant<P::kCopyStateByAssignment> {};

template <class P>
struct Adapter {
    static void* create() noexcept {  // [control]
        WG_PROCESSOR_TRY { return new P(); }
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
        catch (...) {
            return nullptr;
        }
#endif
    }
    static int32_t prepare(void* instance, double sampleRateHz, uint32_t maxBlockFrames,
                           uint32_t channels) noexcept {  // [control]
        WG_PROCESSOR_TRY {
            static_cast<P*>(instance)->prepare(sampleRateHz, maxBlockFrames, channels);
            return WG_PROCESSOR_OK;
        }
        WG_PROCESSOR_CATCH(WG_PROCESSOR_EXCEPTION)
    }
    static void reset(void* instance) noexcept { static_cast<P*>(instance)->reset(); }  // [audio]
    static int32_t process(void* instance, const float* const* inputs, float* const* outputs,
                           uint32_t frames) noexcept {  // [audio]
        WG_PROCESSOR_TRY {
            static_cast<P*>(instance)->process(inputs, outputs, frames);
            return WG_PROCESSOR_OK;
        }
        WG_PROCESSOR_CATCH(WG_PROCESSOR_EXCEPTION)
    }
    static int32_t setParameter(void* instance, uint32_t id, double value, int32_t immediate) noexcept {  // [audio]
        if (id >= P::kParameters.size()) return WG_PROCESSOR_BAD_PARAMETER;
        WG_PROCESSOR_TRY {
            static_cast<P*>(instance)->setParameter(id, value, immediate != 0);
            return WG_PROCESSOR_OK;
        }
        WG_PROCESSOR_CATCH(WG_PROCESSOR_EXCEPTION)
    }
    static int32_t copyState(void* destination, const void* source) noexcept {  // [audio]
        *static_cast<P*>(destination) = *static_cast<const P*>(source);
        return WG_PROCESSOR_OK;
    }
    static void destroy(void* instance) noexcept { delete static_cast<P*>(instance); }  // [control]
};

template <class Table>
constexpr const typename Table::value_type* dataOrNull(const Table& table) noexcept {
    return table.empty() ? nullptr : table.data();
}

#undef WG_PROCESSOR_TRY
#undef WG_PROCESSOR_CATCH

}  // namespace processor_detail
/// @endcond

/// The descriptor of processor class `P` (see the file comment for what `P` provides). The same
/// pointer on every call. [any]
template <class P>
const wg_processor_descriptor* processorDescriptor() noexcept {
    using A = processor_detail::Adapter<P>;
    static_assert(P::kInputChannels.size() <= WG_PROCESSOR_MAX_PORTS, "at most 8 input ports");
    static_assert(!P::kOutputChannels.empty() && P::kOutputChannels.size() <= WG_PROCESSOR_MAX_PORTS,
                  "1…8 output ports");
    static_assert(P::kParameters.size() <= WG_PROCESSOR_MAX_PARAMETERS, "at most 256 parameters");
    static const wg_processor_descriptor descriptor = {
        WG_PROCESSOR_ABI_MAJOR,
        WG_PROCESSOR_ABI_MINOR,
        static_cast<uint32_t>(sizeof(wg_processor_descriptor)),
        P::kTypeName,
        P::kDescription,
        static_cast<uint32_t>(P::kInputChannels.size()),
        static_cast<uint32_t>(P::kOutputChannels.size()),
        processor_detail::dataOrNull(P::kInputChannels),
        processor_detail::dataOrNull(P::kOutputChannels),
        static_cast<uint32_t>(P::kParameters.size()),
        processor_detail::dataOrNull(P::kParameters),
        &A::create,
        &A::prepare,
        &A::reset,
        &A::process,
        &A::setParameter,
        processor_detail::CopiesStateByAssignment<P>::value ? &A::copyState : nullptr,
        &A::destroy,
    };
    return &descriptor;
}

}  // namespace wavegraph

/// Defines the entry function (processor.h, WG_PROCESSOR_ENTRY_SYMBOL) listing the given
/// descriptors, e.g. `WAVEGRAPH_PROCESSOR_ENTRY(wavegraph::processorDescriptor<SoftClipper>())`.
/// Use it once per plugin or custom WebAssembly core.
#define WAVEGRAPH_PROCESSOR_ENTRY(...)                                                                        \
    extern "C" WG_PROCESSOR_EXPORT const wg_processor_descriptor* wavegraph_processor_entry(uint32_t index) { \
        const wg_processor_descriptor* const list[] = {__VA_ARGS__};                                          \
        return index < std::size(list) ? list[index] : nullptr;                                               \
    }
