# Extract the first ```c block of README.md, compile it against the build
# tree's static library and run it: the README's C tour must work as written.
file(READ ${SOURCE_DIR}/README.md readme)
string(REGEX MATCH "```c\n(.*)" rest "${readme}")
if(NOT rest)
  message(FATAL_ERROR "README.md has no ```c block")
endif()
string(FIND "${CMAKE_MATCH_1}" "```" stop)
string(SUBSTRING "${CMAKE_MATCH_1}" 0 ${stop} code)
file(WRITE ${BINARY_DIR}/readme_example.c "${code}")
execute_process(COMMAND pkg-config --libs libcbor libxxhash libutf8proc
  OUTPUT_VARIABLE deps OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(deps)
execute_process(
  COMMAND ${CC} -std=c11 -Wall -Wextra -Werror ${FLAGS} -I${SOURCE_DIR}/include -I${BINARY_DIR}/include
          ${BINARY_DIR}/readme_example.c ${BINARY_DIR}/libverbatim.a ${deps} -lm
          -o ${BINARY_DIR}/readme_example
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "README C example does not compile")
endif()
execute_process(COMMAND ${BINARY_DIR}/readme_example WORKING_DIRECTORY ${SOURCE_DIR}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out)
message("${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "README C example exited with ${rc}")
endif()
