# The Faust example as a wavegraph plugin against Faust's own offline renderer (sndfile
# architecture) of the same .dsp with the same faust flags (label faust). Without faust the suite
# is skipped with one line, except in CI (CI set), where it fails.
include(${PROJECT_SOURCE_DIR}/cmake/WavegraphFaust.cmake)
set(faust_example ${PROJECT_SOURCE_DIR}/examples/processors/faust-compressor/compressor.dsp)

if(NOT FAUST_EXECUTABLE)
  add_test(NAME faust.not_installed COMMAND sh -c
    "if [ -n \"$CI\" ]; then echo 'faust is not installed (apt-get install faust): the Faust tests must run in CI'; exit 1; fi; echo 'faust is not installed (apt-get install faust): Faust tests skipped'; exit 77")
  set_tests_properties(faust.not_installed PROPERTIES SKIP_RETURN_CODE 77 LABELS faust)
  return()
endif()

# The plugin, built as any user builds one.
wavegraph_add_faust_processor(faust-compressor ${faust_example})

# Faust's sndfile renderer of the same program, and the program's JSON description.
set(faust_reference_dir ${CMAKE_CURRENT_BINARY_DIR}/faust-reference)
add_custom_command(
  OUTPUT ${faust_reference_dir}/compressor_sndfile.cpp ${faust_reference_dir}/compressor.dsp.json
  COMMAND ${CMAKE_COMMAND} -E make_directory ${faust_reference_dir}
  COMMAND ${FAUST_EXECUTABLE} -lang cpp -a sndfile.cpp -json -O ${faust_reference_dir} ${faust_example}
          -o compressor_sndfile.cpp
  DEPENDS ${faust_example}
  COMMENT "faust -a sndfile.cpp compressor.dsp (reference renderer)"
  VERBATIM)
add_executable(faust_compressor_sndfile ${faust_reference_dir}/compressor_sndfile.cpp)
target_compile_definitions(faust_compressor_sndfile PRIVATE FILE_MODE=INPUT_OUTPUT_FILE)
# Faust's renderer is the reference, not code under test: no sanitizers (it leaks by design).
target_compile_options(faust_compressor_sndfile PRIVATE -ffp-contract=off -w -fno-sanitize=all)
target_link_options(faust_compressor_sndfile PRIVATE -fno-sanitize=all)
target_link_libraries(faust_compressor_sndfile PRIVATE PkgConfig::WAVEGRAPH_TEST_SNDFILE)

# The same in double precision inside (wavegraph-faust --double, faust -double on both sides).
wavegraph_add_faust_processor(faust-compressor-double ${faust_example} DOUBLE)
add_custom_command(
  OUTPUT ${faust_reference_dir}/compressor_sndfile_double.cpp
  COMMAND ${CMAKE_COMMAND} -E make_directory ${faust_reference_dir}
  COMMAND ${FAUST_EXECUTABLE} -lang cpp -double -a sndfile.cpp ${faust_example}
          -o ${faust_reference_dir}/compressor_sndfile_double.cpp
  DEPENDS ${faust_example}
  COMMENT "faust -double -a sndfile.cpp compressor.dsp (reference renderer)"
  VERBATIM)
add_executable(faust_compressor_sndfile_double ${faust_reference_dir}/compressor_sndfile_double.cpp)
target_compile_definitions(faust_compressor_sndfile_double PRIVATE FILE_MODE=INPUT_OUTPUT_FILE)
target_compile_options(faust_compressor_sndfile_double PRIVATE -ffp-contract=off -w -fno-sanitize=all)
target_link_options(faust_compressor_sndfile_double PRIVATE -fno-sanitize=all)
target_link_libraries(faust_compressor_sndfile_double PRIVATE PkgConfig::WAVEGRAPH_TEST_SNDFILE)

# Every kind of Faust control (parameter names and ranges against faust -json).
set(faust_controls ${CMAKE_CURRENT_SOURCE_DIR}/faust/controls.dsp)
wavegraph_add_faust_processor(faust-controls ${faust_controls})
add_custom_command(
  OUTPUT ${faust_reference_dir}/controls.dsp.json
  COMMAND ${CMAKE_COMMAND} -E make_directory ${faust_reference_dir}
  COMMAND ${FAUST_EXECUTABLE} -lang cpp -json -O ${faust_reference_dir} ${faust_controls} -o controls_unused.cpp
  DEPENDS ${faust_controls}
  COMMENT "faust -json controls.dsp"
  VERBATIM)

find_package(nlohmann_json 3.10 REQUIRED)
add_executable(faust_processor_tests faust_processor_test.cpp run_program.cpp test_directory.cpp wav_io.cpp
  ${PROJECT_SOURCE_DIR}/tests/core/allocation_counter.cpp
  ${faust_reference_dir}/compressor.dsp.json ${faust_reference_dir}/controls.dsp.json)
add_dependencies(faust_processor_tests wavegraph faust-compressor faust-compressor-double faust-controls
  faust_compressor_sndfile faust_compressor_sndfile_double)
target_include_directories(faust_processor_tests PRIVATE ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/tests/core)
target_link_libraries(faust_processor_tests PRIVATE wavegraph_core PkgConfig::WAVEGRAPH_TEST_SNDFILE nlohmann_json::nlohmann_json
  GTest::gtest_main ${CMAKE_DL_LIBS})
target_compile_definitions(faust_processor_tests PRIVATE
  FAUST_COMPRESSOR_PLUGIN="$<TARGET_FILE:faust-compressor>"
  FAUST_COMPRESSOR_REFERENCE="$<TARGET_FILE:faust_compressor_sndfile>"
  FAUST_COMPRESSOR_DOUBLE_PLUGIN="$<TARGET_FILE:faust-compressor-double>"
  FAUST_COMPRESSOR_DOUBLE_REFERENCE="$<TARGET_FILE:faust_compressor_sndfile_double>"
  FAUST_COMPRESSOR_JSON="${faust_reference_dir}/compressor.dsp.json"
  WAVEGRAPH_PROGRAM="$<TARGET_FILE:wavegraph>"
  FAUST_CONTROLS_PLUGIN="$<TARGET_FILE:faust-controls>"
  FAUST_CONTROLS_JSON="${faust_reference_dir}/controls.dsp.json"
  FAUST_COMPRESSOR_GRAPH="${PROJECT_SOURCE_DIR}/examples/processors/faust-compressor/compressor-graph.json"
  WAVEGRAPH_FAUST_COMMAND="${WAVEGRAPH_FAUST_COMMAND}"
  ALSA_SOUNDS_DIR="/usr/share/sounds/alsa")
gtest_discover_tests(faust_processor_tests TEST_PREFIX faust. DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 60 LABELS faust)
