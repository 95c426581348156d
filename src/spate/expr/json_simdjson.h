#pragma once

// Includes simdjson with the configuration the spate library is built with. The
// library compiles with SIMDJSON_THREADS_ENABLED (from simdjson's CMake target), which
// changes the layout of dom::parser; code outside the library (tests, tools) that
// includes a spate JSON header must see the same layout, or the inline parser
// functions of both sides clash at link time.

#ifndef SIMDJSON_THREADS_ENABLED
#define SIMDJSON_THREADS_ENABLED 1
#endif

#include <simdjson.h>
