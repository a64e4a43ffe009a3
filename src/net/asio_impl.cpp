// Asio and Beast compiled once for the whole program (separate compilation,
// see cmake/Dependencies.cmake): every other file only includes headers.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
