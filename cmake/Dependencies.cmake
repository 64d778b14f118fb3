# yaml-cpp and rapidjson, found the same way for both builds.
# Native: Debian's libyaml-cpp-dev and rapidjson-dev.
# WebAssembly: yaml-cpp built with emcc by scripts/setup.sh into third_party/yaml-cpp-wasm/install,
# and rapidjson's headers through a folder that holds only them (never -I/usr/include under emcc).
# That yaml-cpp carries third_party/patches/yaml-cpp-without-iostream.patch (setup.sh applies it),
# and so does the fuzzers' copy: GHAPLAY_YAML_CPP_READS_BYTES tells the core it can hand yaml-cpp its
# bytes without a std::istream (core/src/workflow/yaml_tree.cc).
if(EMSCRIPTEN)
  set(GHAPLAY_YAML_WASM_PREFIX "${CMAKE_SOURCE_DIR}/third_party/yaml-cpp-wasm/install"
      CACHE PATH "yaml-cpp built for WebAssembly")
  if(NOT EXISTS "${GHAPLAY_YAML_WASM_PREFIX}/lib/libyaml-cpp.a")
    message(FATAL_ERROR "yaml-cpp for WebAssembly is missing: run scripts/setup.sh (make wasm does)")
  endif()
  add_library(yaml-cpp STATIC IMPORTED GLOBAL)
  set_target_properties(yaml-cpp PROPERTIES
    IMPORTED_LOCATION "${GHAPLAY_YAML_WASM_PREFIX}/lib/libyaml-cpp.a"
    INTERFACE_INCLUDE_DIRECTORIES "${GHAPLAY_YAML_WASM_PREFIX}/include"
    INTERFACE_COMPILE_DEFINITIONS GHAPLAY_YAML_CPP_READS_BYTES)
  set(GHAPLAY_RAPIDJSON_INCLUDE "${CMAKE_BINARY_DIR}/rapidjson-include")
  file(MAKE_DIRECTORY "${GHAPLAY_RAPIDJSON_INCLUDE}")
  if(NOT EXISTS "${GHAPLAY_RAPIDJSON_INCLUDE}/rapidjson")
    file(CREATE_LINK /usr/include/rapidjson "${GHAPLAY_RAPIDJSON_INCLUDE}/rapidjson" SYMBOLIC)
  endif()
elseif(GHAPLAY_FUZZ AND EXISTS "${CMAKE_SOURCE_DIR}/third_party/yaml-cpp-wasm/src/CMakeLists.txt")
  # Fuzzing: yaml-cpp from the Debian source package setup unpacked (the same 0.7.0 as the binary
  # package), compiled with the fuzzer's instrumentation so that libFuzzer sees coverage inside the
  # YAML parser too, and ASan/UBSan check it.
  set(YAML_CPP_BUILD_TESTS OFF CACHE BOOL "" FORCE)
  set(YAML_CPP_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
  set(YAML_CPP_BUILD_CONTRIB OFF CACHE BOOL "" FORCE)
  set(YAML_BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
  add_subdirectory("${CMAKE_SOURCE_DIR}/third_party/yaml-cpp-wasm/src" "${CMAKE_BINARY_DIR}/yaml-cpp" EXCLUDE_FROM_ALL)
  target_compile_definitions(yaml-cpp INTERFACE GHAPLAY_YAML_CPP_READS_BYTES)
  find_path(GHAPLAY_RAPIDJSON_INCLUDE rapidjson/document.h REQUIRED)
else()
  find_package(yaml-cpp REQUIRED)
  if(NOT TARGET yaml-cpp AND TARGET yaml-cpp::yaml-cpp)
    add_library(yaml-cpp ALIAS yaml-cpp::yaml-cpp)
  endif()
  find_path(GHAPLAY_RAPIDJSON_INCLUDE rapidjson/document.h REQUIRED)
endif()
add_library(ghaplay_rapidjson INTERFACE)
target_include_directories(ghaplay_rapidjson SYSTEM INTERFACE "${GHAPLAY_RAPIDJSON_INCLUDE}")
