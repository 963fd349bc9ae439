# modelgate_module(NAME SOURCES a.cc b.cc DEPS mg_core fmt::fmt ...)
#   A static library mg_NAME from one src/NAME folder. Headers are included as "NAME/header.h".
function(modelgate_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS" ${ARGN})
  add_library(mg_${name} STATIC ${M_SOURCES})
  target_include_directories(mg_${name} PUBLIC ${CMAKE_SOURCE_DIR}/src)
  target_link_libraries(mg_${name} PUBLIC ${M_DEPS})
endfunction()

# modelgate_test(NAME SOURCES a_test.cc DEPS mg_x)
#   A GoogleTest binary registered with ctest. Tests run with the source tree's root as
#   working directory and MODELGATE_BIN / MODELGATE_SOURCE_DIR set. AWS_EC2_METADATA_DISABLED keeps
#   the credential chain off the instance-metadata address: tests talk to loopback only.
function(modelgate_test name)
  cmake_parse_arguments(T "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_DEPS} mg_testing GTest::gtest GTest::gtest_main)
  gtest_discover_tests(${name}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}
    PROPERTIES ENVIRONMENT "MODELGATE_BIN=${CMAKE_BINARY_DIR}/modelgate;MODELGATE_SOURCE_DIR=${CMAKE_SOURCE_DIR};AWS_EC2_METADATA_DISABLED=true"
    DISCOVERY_TIMEOUT 60)
endfunction()
