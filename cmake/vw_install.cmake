# SPDX-License-Identifier: ISC
#
# vw_install.cmake - what `cmake --install` lays out besides the two
# programs (their install() rules are in the top-level CMakeLists.txt),
# and the service files `vmwatchctl install` writes:
#
#   sbin/vmwatchd  bin/vmwatchctl                      (top-level rules)
#   etc/vmwatch/vmwatch.json         the config the services read (-c);
#                                    never overwritten once there
#   share/vmwatch/vmwatch.json       the pristine default, for comparison
#   share/man/man8/vmwatchd.8  share/man/man8/vmwatchctl.8
#   share/man/man5/vmwatch.json.5
#   share/vmwatch/launchd/*.plist, share/vmwatch/launchd/newsyslog.d/vmwatch.conf
#   share/vmwatch/systemd/vmwatchd.service, vmwatchd.user.service
#
# The service files are templates (launchd/*.in, systemd/*.in) filled in
# here by configure_file with the installed paths, then compiled into
# vmwatchctl by cmake/vw_embed.cmake, so `vmwatchctl install` writes
# exactly the text installed under share/.  The agent plist keeps one
# placeholder, ${HOME}, which vmwatchctl fills in (launchd expands no ~).
#
# Paths follow GNUInstallDirs and CMAKE_INSTALL_PREFIX (/usr/local by
# default; Homebrew: /opt/homebrew or /usr/local).  Relative directories
# are kept relative in install() so `cmake --install --prefix` relocates
# the files; the paths inside the service files are those of the
# configure-time prefix (`vmwatchctl install --prefix DIR` rewrites them).

set(VW_LABEL "org.vmwatch.vmwatchd" CACHE STRING
    "launchd label of vmwatchd")
set(VW_DARWIN_GROUP "admin" CACHE STRING
    "group of the LaunchDaemon's control socket (macOS)")
set(VW_LINUX_GROUP "adm" CACHE STRING
    "group of the system service's control socket (Linux)")

# An absolute path for a GNUInstallDirs directory (the FULL_ variants would
# turn prefix /usr's "etc" into /etc, which `--prefix` could not follow).
function(vw_full_dir out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "${CMAKE_INSTALL_PREFIX}/${dir}" PARENT_SCOPE)
  endif()
endfunction()

vw_full_dir(VW_SBINDIR_FULL "${CMAKE_INSTALL_SBINDIR}")
vw_full_dir(VW_SYSCONFDIR_FULL "${CMAKE_INSTALL_SYSCONFDIR}")
set(VW_VMWATCHD "${VW_SBINDIR_FULL}/vmwatchd")
set(VW_CONFIG "${VW_SYSCONFDIR_FULL}/vmwatch/vmwatch.json")

# These strings go verbatim into XML, a systemd command line and
# newsyslog's whitespace-separated fields: refuse what would need quoting.
foreach(v VW_VMWATCHD VW_CONFIG VW_LABEL VW_DARWIN_GROUP VW_LINUX_GROUP)
  if(NOT "${${v}}" MATCHES "^[A-Za-z0-9/._+-]+$")
    message(FATAL_ERROR "vw_install: ${v} = '${${v}}': only letters, "
            "digits and / . _ + - are supported in install paths and names")
  endif()
endforeach()

# ---- service templates -> build/service/ -> share/vmwatch/ + vmwatchctl ----
set(VW_SVC_DIR ${CMAKE_BINARY_DIR}/service)
set(VW_SVC_TEMPLATES
  # source (under the source tree)            generated (under service/)                 C name
  "launchd/org.vmwatch.vmwatchd.agent.plist.in|launchd/org.vmwatch.vmwatchd.agent.plist|vw_tpl_agent_plist"
  "launchd/org.vmwatch.vmwatchd.daemon.plist.in|launchd/org.vmwatch.vmwatchd.daemon.plist|vw_tpl_daemon_plist"
  "launchd/newsyslog.d/vmwatch.conf.in|launchd/newsyslog.d/vmwatch.conf|vw_tpl_newsyslog"
  "systemd/vmwatchd.service.in|systemd/vmwatchd.service|vw_tpl_system_unit"
  "systemd/vmwatchd.user.service.in|systemd/vmwatchd.user.service|vw_tpl_user_unit")
set(VW_SVC_C "")
foreach(t ${VW_SVC_TEMPLATES})
  string(REPLACE "|" ";" t "${t}")
  list(GET t 0 src)
  list(GET t 1 gen)
  list(GET t 2 name)
  # @ONLY: the ${HOME} placeholder and systemd's $MAINPID stay as written.
  configure_file(${CMAKE_SOURCE_DIR}/${src} ${VW_SVC_DIR}/${gen} @ONLY)
  set(c ${VW_SVC_DIR}/${name}.c)
  add_custom_command(OUTPUT ${c}
    COMMAND ${CMAKE_COMMAND} -DIN=${VW_SVC_DIR}/${gen} -DOUT=${c}
            -DNAME=${name} -P ${CMAKE_SOURCE_DIR}/cmake/vw_embed.cmake
    DEPENDS ${VW_SVC_DIR}/${gen} ${CMAKE_SOURCE_DIR}/cmake/vw_embed.cmake
    COMMENT "Embedding ${gen}"
    VERBATIM)
  list(APPEND VW_SVC_C ${c})
endforeach()
add_library(vwservice STATIC ${VW_SVC_C})
target_link_libraries(vmwatchctl PRIVATE vwservice)
# What ctl_install.c needs to know besides the texts: the paths baked into
# them (so --prefix can rewrite them) and how to recompute them.
target_compile_definitions(vmwatchctl PRIVATE
  VW_INST_LABEL="${VW_LABEL}"
  VW_INST_VMWATCHD="${VW_VMWATCHD}"
  VW_INST_CONFIG="${VW_CONFIG}"
  VW_INST_SBINDIR="${CMAKE_INSTALL_SBINDIR}"
  VW_INST_SYSCONFDIR="${CMAKE_INSTALL_SYSCONFDIR}")

install(FILES ${VW_SVC_DIR}/launchd/org.vmwatch.vmwatchd.agent.plist
              ${VW_SVC_DIR}/launchd/org.vmwatch.vmwatchd.daemon.plist
              ${CMAKE_SOURCE_DIR}/launchd/README.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vmwatch/launchd)
install(FILES ${VW_SVC_DIR}/launchd/newsyslog.d/vmwatch.conf
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vmwatch/launchd/newsyslog.d)
install(FILES ${VW_SVC_DIR}/systemd/vmwatchd.service
              ${VW_SVC_DIR}/systemd/vmwatchd.user.service
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vmwatch/systemd)

# ---- man pages (mdoc, beside their sources) -------------------------------
install(FILES ${CMAKE_SOURCE_DIR}/daemon/vmwatchd.8
              ${CMAKE_SOURCE_DIR}/daemon/ctl/vmwatchctl.8
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man8)
install(FILES ${CMAKE_SOURCE_DIR}/config/vmwatch.json.5
        DESTINATION ${CMAKE_INSTALL_MANDIR}/man5)

# ---- the default configuration ------------------------------------------------
# A pristine copy under share/, and etc/vmwatch/vmwatch.json unless one is
# already there: an upgrade must not overwrite the user's edits.
install(FILES ${CMAKE_SOURCE_DIR}/config/vmwatch.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vmwatch)
install(CODE "
  if(IS_ABSOLUTE \"${CMAKE_INSTALL_SYSCONFDIR}\")
    set(vw_etc \"${CMAKE_INSTALL_SYSCONFDIR}/vmwatch\")
  else()
    set(vw_etc \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SYSCONFDIR}/vmwatch\")
  endif()
  if(EXISTS \"\$ENV{DESTDIR}\${vw_etc}/vmwatch.json\")
    message(STATUS \"Keeping: \$ENV{DESTDIR}\${vw_etc}/vmwatch.json\")
  else()
    file(INSTALL DESTINATION \"\${vw_etc}\" TYPE FILE
         FILES \"${CMAKE_SOURCE_DIR}/config/vmwatch.json\")
  endif()")
