# SPDX-License-Identifier: ISC
#
# cmake -DIN=config/vmwatch.json -DOUT=vw_default_config.c -DNAME=vw_default_config
#       -P vw_embed.cmake
#
# Writes OUT defining `const char NAME[]` (the bytes of IN plus a NUL) and
# `const size_t NAME_len`.  Bytes as hex, so no character of the file needs
# C or CMake escaping.  OUT is rewritten only when its text changes.
foreach(v IN ITEMS IN OUT NAME)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "vw_embed.cmake: -D${v}=... is required")
  endif()
endforeach()

file(READ "${IN}" hex HEX)
string(LENGTH "${hex}" nhex)
math(EXPR nbytes "${nhex} / 2")
# "7b0a..." -> "0x7b,0x0a,..." with a line break every 12 bytes.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
set(twelve "")
foreach(i RANGE 1 12)
  string(APPEND twelve "0x[0-9a-f][0-9a-f],")
endforeach()
string(REGEX REPLACE "(${twelve})" "\\1\n\t" bytes "${bytes}")
get_filename_component(src "${IN}" NAME)

set(text "/* Generated from ${src} by cmake/vw_embed.cmake: do not edit. */
#include <stddef.h>

extern const char ${NAME}[];
extern const size_t ${NAME}_len;

const char ${NAME}[] = {
\t${bytes}0x00
};
const size_t ${NAME}_len = ${nbytes};
")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
  if(old STREQUAL text)
    return()
  endif()
endif()
file(WRITE "${OUT}" "${text}")
