# Builds examples/processors/soft-clipper the way a plugin author would, outside the wavegraph
# tree: install the processor headers of BUILD_DIR into WORK_DIR/prefix, then configure and build
# the example's own CMake project against WORK_DIR/prefix/include only (→ WORK_DIR/build/libsoft-clipper.so).
#   cmake -DBUILD_DIR=… -DSOURCE_DIR=… -DWORK_DIR=… [-DGENERATOR=Ninja] -P build_soft_clipper_out_of_tree.cmake
foreach(variable BUILD_DIR SOURCE_DIR WORK_DIR)
  if(NOT ${variable})
    message(FATAL_ERROR "${variable} is not set")
  endif()
endforeach()
if(NOT GENERATOR)
  set(GENERATOR Ninja)
endif()

function(run)
  execute_process(COMMAND ${ARGV} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed (${result}): ${ARGV}\n${output}")
  endif()
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --component processor_headers --prefix ${WORK_DIR}/prefix)
file(GLOB_RECURSE installed RELATIVE ${WORK_DIR}/prefix ${WORK_DIR}/prefix/*)
message(STATUS "installed: ${installed}")
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/processors/soft-clipper -B ${WORK_DIR}/build -G ${GENERATOR}
  -DCMAKE_BUILD_TYPE=Release -DWAVEGRAPH_INCLUDE_DIR=${WORK_DIR}/prefix/include)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
if(NOT EXISTS ${WORK_DIR}/build/libsoft-clipper.so)
  message(FATAL_ERROR "${WORK_DIR}/build/libsoft-clipper.so was not built")
endif()
message(STATUS "built ${WORK_DIR}/build/libsoft-clipper.so against ${WORK_DIR}/prefix/include only")
