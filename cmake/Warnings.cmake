# Project-wide warnings. TODO_WARNINGS_AS_ERRORS is on in the dev preset.
# (-Wnull-dereference is left out: at -O2 it reports false positives inside
# Asio's inlined executor code.)
option(TODO_WARNINGS_AS_ERRORS "Treat warnings as errors" OFF)

add_library(todo_warnings INTERFACE)
target_compile_options(todo_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(TODO_WARNINGS_AS_ERRORS)
  target_compile_options(todo_warnings INTERFACE -Werror)
endif()
