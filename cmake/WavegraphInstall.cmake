# `cmake --install <build> [--prefix PREFIX]` for C++ users of wavegraph:
#   PREFIX/include/wavegraph/        the core's headers (base/, rt/, dsp/, graph/, nodes/, processor/,
#                                    session/, track/), the host's (host/), and the processor ABI
#                                    (wavegraph/processor.h, processor.hpp: include/ is on the path too)
#   PREFIX/lib/libwavegraph_core.a   the platform-neutral core          → wavegraph::core
#   PREFIX/lib/libwavegraph_host.a   the native host layer (sound files, audio backends on PortAudio)
#                                                                       → wavegraph::host
#   PREFIX/lib/cmake/wavegraph/      wavegraphConfig.cmake, its version file and the exported targets:
#                                    find_package(wavegraph 0.1) in a CMake project
#   PREFIX/lib/pkgconfig/            wavegraph-core.pc, wavegraph-host.pc
#   PREFIX/bin/wavegraph             the command-line program
# Components: development (headers, libraries, CMake and pkg-config files), cli (the program),
# processor_headers (only the processor ABI headers, for plugin authors).
include(CMakePackageConfigHelpers)

set(WAVEGRAPH_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/wavegraph)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wavegraph
  COMPONENT development FILES_MATCHING PATTERN "*.h")
# The Icecast streaming headers stay out: their code is in the program, not in libwavegraph_host.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/native/host DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wavegraph
  COMPONENT development FILES_MATCHING PATTERN "*.h" PATTERN "icecast_*.h" EXCLUDE PATTERN "ogg_vorbis_encoder.h" EXCLUDE)
install(FILES ${PROJECT_SOURCE_DIR}/include/wavegraph/processor.h ${PROJECT_SOURCE_DIR}/include/wavegraph/processor.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/wavegraph COMPONENT development)

set_target_properties(wavegraph_core PROPERTIES EXPORT_NAME core)
set_target_properties(wavegraph_host PROPERTIES EXPORT_NAME host)
install(TARGETS wavegraph_core wavegraph_host EXPORT wavegraphTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
install(TARGETS wavegraph RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
install(EXPORT wavegraphTargets NAMESPACE wavegraph:: FILE wavegraphTargets.cmake
  DESTINATION ${WAVEGRAPH_INSTALL_CMAKEDIR} COMPONENT development)

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/wavegraphConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/wavegraphConfig.cmake INSTALL_DESTINATION ${WAVEGRAPH_INSTALL_CMAKEDIR})
# 0.x: a minor version may break the API, so only the same major.minor is compatible.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/wavegraphConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/wavegraphConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/wavegraphConfigVersion.cmake
  DESTINATION ${WAVEGRAPH_INSTALL_CMAKEDIR} COMPONENT development)

set(WAVEGRAPH_DL_LIBS_FLAG "")
foreach(lib ${CMAKE_DL_LIBS})
  string(APPEND WAVEGRAPH_DL_LIBS_FLAG " -l${lib}")
endforeach()
foreach(pc wavegraph-core wavegraph-host)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/${pc}.pc.in ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${CMAKE_CURRENT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
    COMPONENT development)
endforeach()
