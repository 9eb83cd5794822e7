# Script run by the find_package_install test. Fails on the first step that
# fails, showing its output.
function(run_step)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE output)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "step failed (${result}): ${ARGN}\n${output}")
  endif()
  set(step_output "${output}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

run_step(${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${prefix}"
  --component georiviere_development)
run_step(${CMAKE_COMMAND} -S "${SOURCE_DIR}/examples/find_package_demo"
  -B "${WORK_DIR}/build" -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_BUILD_TYPE=Release)
run_step(${CMAKE_COMMAND} --build "${WORK_DIR}/build")
run_step("${WORK_DIR}/build/stream_orders"
  "${SOURCE_DIR}/testdata/sample/rivers.geojson" 1)

if(NOT step_output MATCHES "strahler 1: [0-9]+ reaches")
  message(FATAL_ERROR "unexpected output of stream_orders:\n${step_output}")
endif()
message(STATUS "stream_orders printed:\n${step_output}")
