# The georiviere library: public headers under include/georiviere and the
# compiled GDAL/OGR, PROJ and GEOS glue under src/.

add_library(georiviere_warnings INTERFACE)
add_library(georiviere::warnings ALIAS georiviere_warnings)
target_compile_options(georiviere_warnings INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang>:-Wall -Wextra -Wpedantic -Wshadow
    -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual>)

file(GLOB_RECURSE georiviere_sources CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/src/*.cpp")
file(GLOB_RECURSE georiviere_headers CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/include/georiviere/*.hpp")

add_library(georiviere ${georiviere_sources})
add_library(georiviere::georiviere ALIAS georiviere)
target_include_directories(georiviere PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
target_link_libraries(georiviere
  PUBLIC Boost::headers
  PRIVATE GDAL::GDAL GEOS::geos_c PROJ::proj tomlplusplus::tomlplusplus
          $<BUILD_INTERFACE:georiviere_warnings>)
include(GeoriviereRegionPresets)

# The raster kernels in the public headers (D8 directions, the first pass
# of flow accumulation) share rows among OpenMP threads when the caller
# asks for more than one thread. The pragmas sit in headers, so consumers
# need -fopenmp too: hence PUBLIC. Without OpenMP the kernels run on the
# calling thread.
find_package(OpenMP COMPONENTS CXX)
if(OpenMP_CXX_FOUND)
  target_link_libraries(georiviere PUBLIC OpenMP::OpenMP_CXX)
  set(GEORIVIERE_USES_OPENMP ON)
else()
  set(GEORIVIERE_USES_OPENMP OFF)
endif()
target_compile_features(georiviere PUBLIC cxx_std_20)
set_target_properties(georiviere PROPERTIES
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR})

# Proves that each public header includes what it uses: one translation
# unit per header, compiled into an object library that nothing links.
if(GEORIVIERE_CHECK_HEADERS)
  set(header_check_dir "${PROJECT_BINARY_DIR}/header_check")
  set(header_check_sources "")
  foreach(header IN LISTS georiviere_headers)
    file(RELATIVE_PATH relative "${PROJECT_SOURCE_DIR}/include" "${header}")
    string(MAKE_C_IDENTIFIER "${relative}" stem)
    set(source "${header_check_dir}/${stem}.cpp")
    file(CONFIGURE OUTPUT "${source}"
      CONTENT "#include \"${relative}\"\n#include \"${relative}\"\n")
    list(APPEND header_check_sources "${source}")
  endforeach()
  add_library(georiviere_header_check OBJECT ${header_check_sources})
  target_link_libraries(georiviere_header_check
    PRIVATE georiviere georiviere_warnings)
endif()
