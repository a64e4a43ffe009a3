# Every dependency comes from Debian 12 packages (scripts/lib/deps.sh installs them).
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json url context)
find_package(PostgreSQL REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)

# cctz ships no CMake config in Debian; it reads the system tz database.
find_library(CCTZ_LIBRARY NAMES cctz REQUIRED)
find_path(CCTZ_INCLUDE_DIR cctz/time_zone.h REQUIRED)
add_library(cctz::cctz UNKNOWN IMPORTED)
set_target_properties(cctz::cctz PROPERTIES
  IMPORTED_LOCATION ${CCTZ_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${CCTZ_INCLUDE_DIR})

# Asio and Beast are compiled once (src/net/asio_impl.cpp) instead of in every
# translation unit that includes them.
add_library(todo_asio_config INTERFACE)
target_compile_definitions(todo_asio_config INTERFACE
  BOOST_ASIO_SEPARATE_COMPILATION
  BOOST_BEAST_SEPARATE_COMPILATION
  BOOST_ASIO_NO_DEPRECATED
  BOOST_ASIO_DISABLE_BOOST_COROUTINE)
target_link_libraries(todo_asio_config INTERFACE Boost::headers Threads::Threads)
