# ASan + UBSan for the asan preset. Applied globally so every library and
# test binary is instrumented the same way.
option(TODO_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(TODO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  # Handler fibers (net/handler_fibers) switch stacks: Boost.Context's
  # ucontext variant tells ASan about each switch, the default one does not.
  add_compile_definitions(BOOST_USE_UCONTEXT BOOST_USE_ASAN)
endif()
