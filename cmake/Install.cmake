# `cmake --install build --prefix /usr/local` installs what the service needs:
# the binary (PREFIX/bin), the example config and the systemd unit, so the
# README's install is that one command plus `systemctl enable --now newswatch`.
#
# The config goes to /etc/newswatch whatever the prefix: the commands look for
# it there by default, and the database rule (config/config_service.cpp) reads
# a config there as the installed one, whose database is in /var/lib/newswatch.
# An existing config is kept: reinstalling must not undo the admin's edits.
# The unit is written at install time, so its ExecStart names the binary under
# the prefix given to `cmake --install`. DESTDIR is honoured throughout.

set(NEWSWATCH_CONFIG_DIR "/etc/newswatch" CACHE PATH
    "Where cmake --install puts newswatch.toml (the commands look in /etc/newswatch by default)")
set(NEWSWATCH_UNIT_DIR "/etc/systemd/system" CACHE PATH "Where cmake --install puts newswatch.service")

install(CODE "
  set(config \"\$ENV{DESTDIR}${NEWSWATCH_CONFIG_DIR}/newswatch.toml\")
  if(EXISTS \"\${config}\")
    message(STATUS \"Keeping: \${config}\")
  else()
    file(INSTALL DESTINATION \"${NEWSWATCH_CONFIG_DIR}\" TYPE FILE
         FILES \"${PROJECT_SOURCE_DIR}/config/newswatch.toml\")
  endif()
  set(NEWSWATCH_BINARY \"\${CMAKE_INSTALL_PREFIX}/bin/newswatch\")
  set(NEWSWATCH_CONFIG \"${NEWSWATCH_CONFIG_DIR}/newswatch.toml\")
  configure_file(\"${PROJECT_SOURCE_DIR}/config/newswatch.service\" \"${PROJECT_BINARY_DIR}/newswatch.service\" @ONLY)
  file(INSTALL DESTINATION \"${NEWSWATCH_UNIT_DIR}\" TYPE FILE FILES \"${PROJECT_BINARY_DIR}/newswatch.service\")
")
