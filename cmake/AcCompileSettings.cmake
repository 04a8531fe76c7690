# One INTERFACE target carries the compile settings every target of the project uses.
add_library(ac_compile_settings INTERFACE)
target_compile_features(ac_compile_settings INTERFACE cxx_std_17)
target_compile_options(ac_compile_settings INTERFACE -Wall -Wextra -pedantic)
if(AC_WARNINGS_AS_ERRORS)
    target_compile_options(ac_compile_settings INTERFACE -Werror)
endif()
# Only what Qt 6.4 knows: QT_DISABLE_DEPRECATED_UP_TO and QT_NO_CONTEXTLESS_CONNECT arrived in 6.5 and
# 6.7 and did nothing here. APIs deprecated up to 6.4 are removed with QT_DISABLE_DEPRECATED_BEFORE;
# a connect() to a lambda always names a context object (tools/dev/check-source.sh refuses one
# without, since 6.4 has no define for it).
target_compile_definitions(ac_compile_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_USE_QSTRINGBUILDER
    QT_NO_URL_CAST_FROM_STRING
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)
