# ac_add_test(<name> [LIBS lib...] [LABELS label...] [TIMEOUT s] [BACKENDS])
# Builds test<name>.cpp (in the current source directory) into the executable test<name>,
# registers it with CTest under <name>, and runs it offscreen in a UTF-8 locale. With BACKENDS,
# it is registered twice: <name>Sqlite and <name>Postgres (AC_TEST_BACKEND=postgresql, with the
# `postgres` fixture that starts a PostgreSQL server on loopback). Tests link the static libraries,
# never the executables; server tests start the real server binary as a process.
function(ac_add_test name)
    cmake_parse_arguments(ARG "BACKENDS" "TIMEOUT" "LIBS;LABELS" ${ARGN})
    set(target test${name})
    add_executable(${target} ${target}.cpp)
    target_link_libraries(${target} PRIVATE ac_compile_settings ac_testsupport Qt6::Test ${ARG_LIBS})
    add_dependencies(${target} aidants-connect-server)
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set(env
        "QT_QPA_PLATFORM=offscreen"
        "LC_ALL=C.UTF-8"
        "LANG=C.UTF-8"
        "AC_SERVER_BINARY=$<TARGET_FILE:aidants-connect-server>"
        "AC_TEST_PG_URL_FILE=${AC_TEST_PG_DIR}/url"
        "AC_FC_SIM_DIR=${PROJECT_SOURCE_DIR}/tools/franceconnect-sim"
        "QTWEBENGINE_DISABLE_SANDBOX=1")
    if(ARG_BACKENDS)
        add_test(NAME ${name}Sqlite COMMAND ${target})
        set_tests_properties(${name}Sqlite PROPERTIES
            TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "${env};AC_TEST_BACKEND=sqlite" LABELS "${ARG_LABELS};sqlite")
        add_test(NAME ${name}Postgres COMMAND ${target})
        set_tests_properties(${name}Postgres PROPERTIES
            TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "${env};AC_TEST_BACKEND=postgresql"
            LABELS "${ARG_LABELS};postgres" FIXTURES_REQUIRED postgres)
    else()
        add_test(NAME ${name} COMMAND ${target})
        set_tests_properties(${name} PROPERTIES
            TIMEOUT ${ARG_TIMEOUT} ENVIRONMENT "${env}" LABELS "${ARG_LABELS}")
    endif()
endfunction()
