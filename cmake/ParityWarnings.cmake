include_guard(GLOBAL)

function(parity_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  if(PARITY_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
