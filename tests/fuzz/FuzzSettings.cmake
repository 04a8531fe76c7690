# Compile settings of the fuzzing build (AC_FUZZ=ON), included by the top-level CMakeLists.txt before
# the libraries the fuzzers need: everything is built with clang, instrumented for libFuzzer's
# coverage, AddressSanitizer and UndefinedBehaviorSanitizer (UB aborts, so it is a finding).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "AC_FUZZ=ON needs clang (libFuzzer): "
        "cmake -S . -B build/fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DAC_FUZZ=ON")
endif()
if(NOT CMAKE_BUILD_TYPE)
    set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
    -fno-omit-frame-pointer
    # Qt's qCWarning(category) << … under clang's -pedantic (the server's logging); GCC does not warn.
    -Wno-gnu-zero-variadic-macro-arguments)
add_link_options(-fsanitize=address,undefined)
