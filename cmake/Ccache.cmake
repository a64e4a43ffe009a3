# Use ccache when available: Beast translation units cost 20-90 s each on a
# 2-core machine, so a warm cache is the difference between minutes and seconds.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()
