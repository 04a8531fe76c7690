# One INTERFACE target carries the compile settings every target of the project uses.
add_library(ac_compile_settings INTERFACE)
target_compile_features(ac_compile_settings INTERFACE cxx_std_17)
target_compile_options(ac_compile_settings INTERFACE -Wall -Wextra -pedantic)
if(AC_WARNINGS_AS_ERRORS)
    target_compile_options(ac_compile_settings INTERFACE -Werror)
endif()
target_compile_definitions(ac_compile_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)
