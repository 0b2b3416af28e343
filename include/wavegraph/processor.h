/* SPDX-License-Identifier: MIT */
#ifndef WAVEGRAPH_PROCESSOR_H
#define WAVEGRAPH_PROCESSOR_H
/**
 * \file processor.h
 * The wavegraph processor ABI: how a processor type written outside wavegraph (a plugin
 * loaded with `--plugin`, or sources linked into a custom WebAssembly core) describes itself to
 * the engine so that it becomes a graph node like the built-in ones.
 *
 * Plain C (C99 and C++), no wavegraph types: a plugin needs only this header. The C++ helper
 * processor.hpp builds a descriptor from a C++ class.
 *
 * **Shape of the audio.** Planar float32 (one array of `frames` samples per channel). A
 * processor has `num_inputs` input ports and `num_outputs` output ports; each port has a
 * channel count, fixed by the descriptor or (0) the graph's channel count given to prepare().
 * process() receives the channels of every input port one after the other (port 0's channels,
 * then port 1's, …), and the same for outputs.
 *
 * **Threads.** [control]: the thread that builds graphs; may allocate, lock and take time.
 * [audio]: the real-time thread; must not allocate, lock, wait, do I/O or throw; bounded time.
 * Calls on one instance never overlap. Different instances may be used from different threads.
 *
 * **Lifetime of an instance.** create → prepare → (reset | set_parameter | process)* → destroy.
 * prepare may be called again (with another sample rate or block size) between create and
 * destroy, always on the control thread while the instance is not processing.
 *
 * **Errors.** Functions that can fail return WG_PROCESSOR_OK (0) or a negative
 * wg_processor_status. When process() fails, the host writes silence to the instance's outputs
 * for that block, counts the failure and reports it as an event; the audio goes on, and the
 * next block calls process() again.
 *
 * **Versions.** A host accepts a descriptor whose `abi_major` equals its own
 * WG_PROCESSOR_ABI_MAJOR and whose `abi_minor` is at most its own (minor versions only append
 * fields at the end of the descriptor, and `struct_size` says how many are present). Anything
 * else is refused when the plugin is loaded, with a message naming both versions.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI major version: changes break binary compatibility. */
#define WG_PROCESSOR_ABI_MAJOR 1u
/** ABI minor version: fields appended at the end of wg_processor_descriptor. */
#define WG_PROCESSOR_ABI_MINOR 0u

/** Name of the entry function a plugin exports (see wg_processor_entry_fn). */
#define WG_PROCESSOR_ENTRY_SYMBOL "wavegraph_processor_entry"

/** Marks the entry function for export from a shared library built with hidden visibility. */
#if defined(_WIN32)
#define WG_PROCESSOR_EXPORT __declspec(dllexport)
#else
#define WG_PROCESSOR_EXPORT __attribute__((visibility("default")))
#endif

/** Limits the host enforces when it validates a descriptor. */
#define WG_PROCESSOR_MAX_PORTS 8u        /**< inputs and outputs each, 0…8 */
#define WG_PROCESSOR_MAX_CHANNELS 32u    /**< channels of one port, 1…32 (0 in a descriptor: follow) */
#define WG_PROCESSOR_MAX_PARAMETERS 256u /**< parameters per type */
#define WG_PROCESSOR_MAX_NAME_LENGTH 63u /**< bytes of a type or parameter name */

/** Results. 0 is success; errors are negative. */
typedef enum wg_processor_status {
    WG_PROCESSOR_OK = 0,
    WG_PROCESSOR_ERROR = -1,         /**< any failure not listed below */
    WG_PROCESSOR_OUT_OF_MEMORY = -2, /**< create or prepare could not allocate */
    WG_PROCESSOR_UNSUPPORTED = -3,   /**< prepare: sample rate, block size or channels not supported */
    WG_PROCESSOR_BAD_PARAMETER = -4, /**< set_parameter: unknown id */
    WG_PROCESSOR_EXCEPTION = -5      /**< a C++ exception was stopped at the boundary (processor.hpp) */
} wg_processor_status;

/** Parameter flags. */
typedef enum wg_parameter_flags {
    WG_PARAMETER_STEPPED = 0, /**< a new value applies at once */
    WG_PARAMETER_SMOOTHED = 1 /**< the processor ramps to a new value (unless set with immediate != 0) */
} wg_parameter_flags;

/**
 * One parameter. Its id is its index in the descriptor's table. Names are camelCase with the
 * unit where the field puts it ("frequencyHz", "gainDb", "q", "timeMs", "drive"); units are
 * short symbols ("Hz", "dB", "ms", "" for plain numbers). A parameter with unit "Hz" must also
 * stay below Nyquist: the host refuses higher values.
 * The host validates every value on the control side (finite, min_value ≤ value ≤ max_value)
 * and clamps on the audio side, so set_parameter only ever sees values in range.
 */
typedef struct wg_parameter_descriptor {
    const char* name;     /**< 1…63 bytes, [A-Za-z0-9_.] , unique within the type */
    const char* unit;     /**< "" or a unit symbol (0…63 bytes, no control characters); never NULL */
    double min_value;     /**< finite, ≤ default_value */
    double max_value;     /**< finite, ≥ default_value */
    double default_value; /**< the value an instance has after create and reset */
    uint32_t flags;       /**< wg_parameter_flags */
} wg_parameter_descriptor;

/**
 * One processor type. Every function pointer is required unless marked optional. All strings
 * and tables must live as long as the plugin is loaded (static storage).
 */
typedef struct wg_processor_descriptor {
    uint32_t abi_major;   /**< WG_PROCESSOR_ABI_MAJOR the processor was built against */
    uint32_t abi_minor;   /**< WG_PROCESSOR_ABI_MINOR the processor was built against */
    uint32_t struct_size; /**< sizeof(wg_processor_descriptor) the processor was built with */

    /** The graph JSON "type": 1…63 bytes of [A-Za-z0-9_.-], not a built-in type name. */
    const char* type_name;
    /** One line for people (shown by `wavegraph nodes`); may be "". */
    const char* description;

    uint32_t num_inputs;  /**< input ports, 0…8 */
    uint32_t num_outputs; /**< output ports, 1…8 */
    /** Channels of each input port (num_inputs entries; NULL when num_inputs is 0); 0 = the
     * graph's channel count. A port fed with another count is up- or down-mixed by the host
     * (Web Audio "speakers" rules) before process(). */
    const uint32_t* input_channels;
    /** Channels of each output port (num_outputs entries); 0 = the graph's channel count. */
    const uint32_t* output_channels;

    uint32_t num_parameters;                   /**< 0…256 */
    const wg_parameter_descriptor* parameters; /**< num_parameters entries (NULL when 0) */

    /**
     * A new instance with every parameter at its default, or NULL when it cannot be made.
     * [control] May allocate. The instance is not yet prepared.
     */
    void* (*create)(void);

    /**
     * Readies `instance` for audio: `sample_rate_hz` in (0, 768000], at most `max_block_frames`
     * frames (1…16384) per process() call, `channels` the graph's channel count (1…32; what a
     * port with channel count 0 carries). Allocates everything process() needs and clears the
     * state as reset() does; parameter values are kept.
     * [control] May allocate. Returns WG_PROCESSOR_OK or an error (the graph is then refused).
     */
    int32_t (*prepare)(void* instance, double sample_rate_hz, uint32_t max_block_frames, uint32_t channels);

    /**
     * Clears the state (delay lines, filter memories, envelopes, phases); ramps in progress
     * jump to their targets. [audio] No allocation, lock or wait.
     */
    void (*reset)(void* instance);

    /**
     * Renders `frames` frames (1…max_block_frames): reads `inputs` (one pointer per input
     * channel, all input ports in order; the arrays must not be written) and writes every
     * sample of `outputs` (one pointer per output channel, all output ports in order). Input
     * and output arrays never overlap. The output must not depend on how the host splits a
     * render into process() calls.
     * [audio] No allocation, lock, wait, I/O or exception. Returns WG_PROCESSOR_OK, or an error:
     * the host then silences the outputs of this block and reports the failure.
     */
    int32_t (*process)(void* instance, const float* const* inputs, float* const* outputs, uint32_t frames);

    /**
     * Sets parameter `id` (< num_parameters) to `value` (already validated and clamped by the
     * host). A WG_PARAMETER_SMOOTHED parameter ramps to it unless `immediate` is nonzero.
     * [audio] No allocation. Returns WG_PROCESSOR_OK or WG_PROCESSOR_BAD_PARAMETER.
     */
    int32_t (*set_parameter)(void* instance, uint32_t id, double value, int32_t immediate);

    /**
     * Optional (may be NULL). Copies the whole state (parameters, ramps, memories) of `source`,
     * an instance of the same type prepared with the same arguments, into `destination`, so
     * that the host can swap graphs with a crossfade that starts from the running state.
     * Without it the new graph's instance starts from reset state with the same parameter
     * values. [audio] No allocation. Returns WG_PROCESSOR_OK or an error (nothing copied).
     */
    int32_t (*copy_state)(void* destination, const void* source);

    /** Frees `instance` and everything it holds. [control] */
    void (*destroy)(void* instance);
} wg_processor_descriptor;

/**
 * The function a plugin (a shared library) exports under WG_PROCESSOR_ENTRY_SYMBOL, and a custom
 * WebAssembly core links exactly once: the descriptor of processor type `index` (0, 1, 2, …),
 * or NULL past the last one. [control] Must be cheap and return the same pointers every time.
 */
typedef const wg_processor_descriptor* (*wg_processor_entry_fn)(uint32_t index);

#ifdef __cplusplus
}
#endif

#endif /* WAVEGRAPH_PROCESSOR_H */
