# Shared build settings for tlspp targets.

# Warnings: -Wall -Wextra -Wpedantic everywhere, as errors unless TLSPP_WERROR is off.
function(tlspp_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(TLSPP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(TLSPP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
if(TLSPP_FUZZ)
  # Instrument everything for coverage; only the fuzz targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# tlspp_layer(NAME [DEPS layer...] [LIBS lib...]): a static library tlspp_NAME from the .cc files in
# the current folder, seeing include/ and src/, linking the named lower layers.
function(tlspp_layer name)
  cmake_parse_arguments(L "" "" "DEPS;LIBS;SOURCES" ${ARGN})
  if(L_SOURCES)
    set(srcs ${L_SOURCES})
  else()
    file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
  endif()
  add_library(tlspp_${name} STATIC ${srcs})
  target_include_directories(tlspp_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                                                  ${PROJECT_SOURCE_DIR}/src)
  foreach(dep ${L_DEPS})
    target_link_libraries(tlspp_${name} PUBLIC tlspp_${dep})
  endforeach()
  if(L_LIBS)
    target_link_libraries(tlspp_${name} PUBLIC ${L_LIBS})
  endif()
  tlspp_warnings(tlspp_${name})
endfunction()
