# Faust programs as wavegraph processors, at build time (docs/processors.md, "Faust").
#
#   include(<wavegraph>/cmake/WavegraphFaust.cmake)
#   wavegraph_add_faust_processor(compressor compressor.dsp)          # → libcompressor.so (a plugin)
#   wavegraph_faust_source(source compressor.dsp)                     # → the generated .cpp, in ${source}
#
# Both take [TYPE NAME] (graph JSON type; default: the file name in camelCase), [DOUBLE] (Faust
# computes in double inside) and [FAUST_OPTIONS opt…] (passed to faust); wavegraph_faust_source
# also [OUTPUT FILE.cpp] (wavegraph_add_faust_processor writes faust/<TARGET>.cpp). faust runs when the
# .dsp, the architecture or the command change, through scripts/wavegraph-faust.
# Configuring fails with one line when faust is not installed.

get_filename_component(_wavegraph_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(WAVEGRAPH_FAUST_COMMAND "${_wavegraph_root}/scripts/wavegraph-faust")
set(WAVEGRAPH_FAUST_ARCHITECTURE "${_wavegraph_root}/scripts/faust/wavegraph-architecture.cpp")
if(NOT WAVEGRAPH_FAUST_INCLUDE_DIR)
  set(WAVEGRAPH_FAUST_INCLUDE_DIR "${_wavegraph_root}/include")  # holds wavegraph/processor.h
endif()
find_program(FAUST_EXECUTABLE faust DOC "The Faust compiler")

# wavegraph_faust_source(OUT_VAR DSP_FILE [TYPE NAME] [DOUBLE] [FAUST_OPTIONS opt…] [OUTPUT FILE.cpp])
# Sets OUT_VAR to the C++ file generated from DSP_FILE: OUTPUT, or faust/<TYPE or file name>.cpp in
# the current binary directory.
function(wavegraph_faust_source out_var dsp_file)
  cmake_parse_arguments(PARSE_ARGV 2 ARG "DOUBLE" "TYPE;OUTPUT" "FAUST_OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "wavegraph_faust_source(${dsp_file}): unknown arguments '${ARG_UNPARSED_ARGUMENTS}' (allowed: TYPE, DOUBLE, FAUST_OPTIONS, OUTPUT)")
  endif()
  if(NOT FAUST_EXECUTABLE)
    message(FATAL_ERROR "wavegraph_faust_source(${dsp_file}): faust not found (Debian: apt-get install faust; or set FAUST_EXECUTABLE)")
  endif()
  get_filename_component(dsp_path "${dsp_file}" ABSOLUTE)
  get_filename_component(dsp_name "${dsp_file}" NAME_WE)
  set(arguments "${dsp_path}")
  if(ARG_TYPE)
    list(APPEND arguments --type "${ARG_TYPE}")
    set(output "${CMAKE_CURRENT_BINARY_DIR}/faust/${ARG_TYPE}.cpp")
  else()
    set(output "${CMAKE_CURRENT_BINARY_DIR}/faust/${dsp_name}.cpp")
  endif()
  if(ARG_OUTPUT)
    get_filename_component(output "${ARG_OUTPUT}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  if(ARG_DOUBLE)
    list(APPEND arguments --double)
  endif()
  list(APPEND arguments -o "${output}")
  if(ARG_FAUST_OPTIONS)
    list(APPEND arguments -- ${ARG_FAUST_OPTIONS})
  endif()
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -E env "FAUST=${FAUST_EXECUTABLE}" bash "${WAVEGRAPH_FAUST_COMMAND}" ${arguments}
    DEPENDS "${dsp_path}" "${WAVEGRAPH_FAUST_COMMAND}" "${WAVEGRAPH_FAUST_ARCHITECTURE}"
    COMMENT "wavegraph-faust ${dsp_file} → ${output}"
    VERBATIM)
  set(${out_var} "${output}" PARENT_SCOPE)
endfunction()

# wavegraph_add_faust_processor(TARGET DSP_FILE [TYPE NAME] [DOUBLE] [FAUST_OPTIONS opt…])
# A plugin (shared library lib<TARGET>.so, for `wavegraph --plugin`) made from DSP_FILE.
function(wavegraph_add_faust_processor target dsp_file)
  wavegraph_faust_source(source "${dsp_file}" ${ARGN} OUTPUT "${CMAKE_CURRENT_BINARY_DIR}/faust/${target}.cpp")
  add_library(${target} MODULE "${source}")
  set_target_properties(${target} PROPERTIES PREFIX "lib" CXX_VISIBILITY_PRESET hidden CXX_STANDARD 17
                                             CXX_STANDARD_REQUIRED ON)
  target_include_directories(${target} PRIVATE "${WAVEGRAPH_FAUST_INCLUDE_DIR}")
  # Same arithmetic in every host: no fused multiply-add contraction. Faust's generated code is
  # not ours to warn about.
  target_compile_options(${target} PRIVATE -ffp-contract=off -w)
endfunction()
