# wavegraph_add_wasm_core: a WebAssembly build of the wavegraph core with processors linked in
# (include/wavegraph/processor.h), loadable by the npm package as a custom core:
#
#   wavegraph_add_wasm_core(NAME
#     SOURCES a.cpp b.cpp …             # the processors; exactly one defines the entry
#                                       # (WAVEGRAPH_PROCESSOR_ENTRY of wavegraph/processor.hpp)
#     [INCLUDE_DIRECTORIES dir …]       # extra include folders for SOURCES
#     [OUTPUT_DIR dir])                 # where NAME.mjs and NAME.wasm go (default: the current
#                                       # binary folder)
#   wavegraph_add_wasm_core(NAME NO_PROCESSORS [OUTPUT_DIR dir])   # built-in node types only
#
# builds NAME.mjs (the Emscripten glue, an ES module) and NAME.wasm: the Embind bindings
# (web/bindings/), wavegraph_core and SOURCES. NO_PROCESSORS (the default core,
# dist/wavegraph-core.wasm) links no processor support code at all (about 27 KB less wasm). Every WasmEngine of the core registers the entry's
# processor types at construction (origin: NAME); a descriptor that fails the checks makes
# WasmEngine.prepare return the message, so createEngine / renderOffline reject with it. The glue
# also registers its factory as globalThis.wavegraphCores[NAME], which is how the AudioWorklet
# finds it after `audioWorklet.addModule(NAME.mjs)` (worklets cannot import() modules).
#
# Usable from any CMake project configured with Emscripten's emcmake (docs/processors.md, "A custom WebAssembly core"):
#   include(<wavegraph>/web/WavegraphWasmCore.cmake)
# brings in wavegraph_core (add_subdirectory of <wavegraph>/core, unless the project has it).
include_guard(GLOBAL)

if(NOT EMSCRIPTEN)
  message(FATAL_ERROR "WavegraphWasmCore.cmake needs an Emscripten toolchain: configure with `emcmake cmake …`")
endif()

get_filename_component(WAVEGRAPH_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# Compile flags of every wasm core and of wavegraph_core in a wasm build.
set(WAVEGRAPH_WASM_FLAGS -msimd128 -fno-exceptions)
# Binaryen (wasm-opt -O3 at link) inlines every function that has a single caller, whatever its
# size, into functions of 30–100 KB of machine code (the JSON parser's, the graph loader's). V8
# runs a function on Liftoff code until it gets hot, then compiles it with TurboFan on a
# background thread. Over the first four renderOffline calls in Node, TurboFan spends 1.7 s with
# that inlining and 0.46 s with single-caller functions inlined only below 200 size units, and the
# calls cost 73, 60, 38, 34 against 61, 34, 27, 26 CPU ns/frame (bench/render-offline-repeat.mjs,
# node --trace-wasm-compilation-times). The DSP's steady state is the same either way
# (bench/wasm-graph-bench.mjs `full` 22.7–23.0 ns/frame), and the .wasm 1 % smaller gzipped.
set(WAVEGRAPH_WASM_LINK_FLAGS -sBINARYEN_EXTRA_PASSES=--one-caller-inline-max-function-size=200)
# Bytes of wasm memory each instance starts with (a multiple of 64 KiB, above TOTAL_STACK).
set(WAVEGRAPH_WASM_INITIAL_MEMORY 2097152)

if(NOT TARGET wavegraph_core)
  add_subdirectory("${WAVEGRAPH_SOURCE_DIR}/core" "${CMAKE_BINARY_DIR}/wavegraph_core")
endif()
# The core gets the same flags (its -O level comes from CMAKE_BUILD_TYPE, Release → -O3), and
# the processor ABI headers.
target_compile_options(wavegraph_core PRIVATE ${WAVEGRAPH_WASM_FLAGS})
# The control plane (graph JSON, graph compilation, the session's loading and describing, the
# schema) is compiled for size (-Os: less inlining): V8 runs it on Liftoff code and compiles a
# function with TurboFan once it has run enough, which for code run once per render happens
# after a few renders. At -O3 these functions are large (graphFromJson 17 KB of wasm,
# AudioGraph::compile 45 KB of machine code), and TurboFan spent about 0.9 s on them over the first
# ten renderOffline calls in Node (node --trace-wasm-compilation-times; 0.1–0.2 s each for the two,
# counted in the calls' CPU time), against 0.3 s for everything at -Os. The DSP keeps -O3.
set(WAVEGRAPH_WASM_CONTROL_SOURCES
  core/base/json_parse_error.cpp
  core/graph/audio_graph.cpp
  core/graph/graph_json.cpp
  core/graph/node_options.cpp
  core/session/default_registry.cpp
  core/session/graph_session.cpp
  core/session/reference_graph.cpp
  core/session/schema.cpp)
list(TRANSFORM WAVEGRAPH_WASM_CONTROL_SOURCES PREPEND "${WAVEGRAPH_SOURCE_DIR}/")
set_source_files_properties(${WAVEGRAPH_WASM_CONTROL_SOURCES} TARGET_DIRECTORY wavegraph_core
  PROPERTIES COMPILE_OPTIONS -Os)
target_include_directories(wavegraph_core PUBLIC "${WAVEGRAPH_SOURCE_DIR}/include")

# The bindings, compiled once for every core of the project. The core's identity (its name and
# its node types) comes from sources linked next to them (web/bindings/core_types.h).
add_library(wavegraph_wasm_bindings OBJECT
  "${WAVEGRAPH_SOURCE_DIR}/web/bindings/wasm_engine.cpp"
  "${WAVEGRAPH_SOURCE_DIR}/web/bindings/embind_module.cpp")
target_link_libraries(wavegraph_wasm_bindings PRIVATE wavegraph_core)
target_compile_options(wavegraph_wasm_bindings PRIVATE ${WAVEGRAPH_WASM_FLAGS} -Wall -Wextra -Wpedantic)

function(wavegraph_add_wasm_core NAME)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "NO_PROCESSORS" "OUTPUT_DIR" "SOURCES;INCLUDE_DIRECTORIES")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wavegraph_add_wasm_core(${NAME}): unknown arguments '${ARG_UNPARSED_ARGUMENTS}' (allowed: SOURCES, INCLUDE_DIRECTORIES, OUTPUT_DIR, NO_PROCESSORS)")
  endif()
  if(ARG_NO_PROCESSORS AND ARG_SOURCES)
    message(FATAL_ERROR "wavegraph_add_wasm_core(${NAME}): give either SOURCES or NO_PROCESSORS, not both")
  endif()
  if(NOT ARG_NO_PROCESSORS AND NOT ARG_SOURCES)
    message(FATAL_ERROR "wavegraph_add_wasm_core(${NAME}): SOURCES is empty (give the processor sources, one of them with WAVEGRAPH_PROCESSOR_ENTRY, or NO_PROCESSORS)")
  endif()
  if(ARG_NO_PROCESSORS)
    set(types "${WAVEGRAPH_SOURCE_DIR}/web/bindings/core_types_builtin.cpp")
  else()
    set(types "${WAVEGRAPH_SOURCE_DIR}/web/bindings/core_types_processors.cpp")
  endif()
  if(NOT NAME MATCHES "^[A-Za-z0-9_.-]+$")
    message(FATAL_ERROR "wavegraph_add_wasm_core: name '${NAME}' must be made of [A-Za-z0-9_.-] (it names NAME.mjs and NAME.wasm)")
  endif()
  if(NOT ARG_OUTPUT_DIR)
    set(ARG_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()

  # The core's name, read by the bindings (WasmEngine origin, coreName()).
  set(identity "${CMAKE_CURRENT_BINARY_DIR}/${NAME}_core_name.cpp")
  file(CONFIGURE OUTPUT "${identity}" CONTENT
    "// Generated by wavegraph_add_wasm_core(@NAME@).\nextern \"C\" const char* wavegraph_core_name() { return \"@NAME@\"; }\n"
    @ONLY)
  # After the glue's `export default createWavegraphCore;`: the worklet finds the factory here.
  set(registration "${CMAKE_CURRENT_BINARY_DIR}/${NAME}_registration.js")
  file(CONFIGURE OUTPUT "${registration}" CONTENT
    "(globalThis.wavegraphCores ??= {})['@NAME@'] = createWavegraphCore;\n"
    @ONLY)

  add_executable(${NAME} ${ARG_SOURCES} "${types}" "${identity}" $<TARGET_OBJECTS:wavegraph_wasm_bindings>)
  target_link_libraries(${NAME} PRIVATE wavegraph_core)
  target_include_directories(${NAME} PRIVATE "${WAVEGRAPH_SOURCE_DIR}/include" ${ARG_INCLUDE_DIRECTORIES})
  # Same arithmetic in every host: no fused multiply-add contraction in the processors.
  target_compile_options(${NAME} PRIVATE ${WAVEGRAPH_WASM_FLAGS} -ffp-contract=off)
  target_compile_features(${NAME} PRIVATE cxx_std_17)
  set_target_properties(${NAME} PROPERTIES
    OUTPUT_NAME "${NAME}"
    SUFFIX ".mjs"
    RUNTIME_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIR}"
    LINK_DEPENDS "${registration}")
  target_link_options(${NAME} PRIVATE
    -lembind
    ${WAVEGRAPH_WASM_FLAGS}
    -sMODULARIZE=1
    -sEXPORT_ES6=1
    -sEXPORT_NAME=createWavegraphCore
    -sWASM_ASYNC_COMPILATION=0
    -sENVIRONMENT=web,worker,shell
    -sALLOW_MEMORY_GROWTH=1
    -sINITIAL_MEMORY=${WAVEGRAPH_WASM_INITIAL_MEMORY}
    -sTOTAL_STACK=65536
    -sFILESYSTEM=0
    ${WAVEGRAPH_WASM_LINK_FLAGS}
    "SHELL:--extern-post-js ${registration}"
    $<$<CONFIG:Release>:-O3>)
endfunction()
