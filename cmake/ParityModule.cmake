include_guard(GLOBAL)

# parity_add_module(<name> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
# One static library per module: target parity_<name>, alias parity::<name>, headers
# included as "<name>/<file>.h" in the tree and installed under include/parity/<name>/.
function(parity_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(parity_${name} STATIC ${ARG_SOURCES})
  add_library(parity::${name} ALIAS parity_${name})
  set_target_properties(parity_${name} PROPERTIES EXPORT_NAME ${name}
                                                 OUTPUT_NAME parity_${name}
                                                 POSITION_INDEPENDENT_CODE ON)
  target_compile_features(parity_${name} PUBLIC cxx_std_20)
  target_include_directories(parity_${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/parity>)
  target_link_libraries(parity_${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  parity_set_warnings(parity_${name})
  set_property(GLOBAL APPEND PROPERTY PARITY_MODULE_TARGETS parity_${name})
  set_property(GLOBAL APPEND PROPERTY PARITY_MODULE_NAMES ${name})
endfunction()

# parity_add_canonical_twin(<name> [SOURCES ...] [DEPS ...] [PRIVATE_DEPS ...])
# Internal library parity_<name>_canonical for the tests: the object files of parity_<name>
# except those of the fast paths (tensor/fast/), plus SOURCES, linked to DEPS instead of the
# module's own. It compiles nothing of parity_<name> again; it is not installed.
function(parity_add_canonical_twin name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(twin parity_${name}_canonical)
  add_library(${twin} STATIC $<FILTER:$<TARGET_OBJECTS:parity_${name}>,EXCLUDE,[.]dir/fast/> ${ARG_SOURCES})
  target_compile_features(${twin} PUBLIC cxx_std_20)
  target_include_directories(${twin} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${twin} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  parity_set_warnings(${twin})
endfunction()
