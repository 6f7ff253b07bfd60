#!/bin/sh
# Lints the adapter's Lua scripts with luacheck (settings in .luacheckrc) when it is installed (Debian:
# lua-check); without it, says so and succeeds, so the build still needs only Java and Maven.
case "$0" in */*) cd "${0%/*}" || exit 1 ;; esac
if command -v luacheck >/dev/null 2>&1; then
  exec luacheck --no-color -q src/main/resources/io/qcommerce/oms/redis/lua
fi
echo "luacheck not installed: the Lua scripts are not linted"
