# Install rules and the exported CMake package: find_package(georiviere)
# gives the target georiviere::georiviere. Components: georiviere_development
# (library, headers, CMake files), georiviere_tools (the command-line tool)
# and georiviere_python (the Python package).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(georiviere_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/georiviere")

install(TARGETS georiviere georiviere_warnings
  EXPORT georiviereTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    COMPONENT georiviere_development
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    COMPONENT georiviere_development
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
    COMPONENT georiviere_development
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/georiviere"
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  COMPONENT georiviere_development)
install(EXPORT georiviereTargets
  NAMESPACE georiviere::
  DESTINATION ${georiviere_cmake_dir}
  COMPONENT georiviere_development)

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/georiviereConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/georiviereConfig.cmake"
  INSTALL_DESTINATION ${georiviere_cmake_dir})
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/georiviereConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/georiviereConfig.cmake"
  "${PROJECT_BINARY_DIR}/georiviereConfigVersion.cmake"
  DESTINATION ${georiviere_cmake_dir}
  COMPONENT georiviere_development)
