#!/bin/sh
# Lints the adapter's Lua scripts with luacheck (settings in .luacheckrc) when it is installed (Debian:
# lua-check); without it, says so and succeeds, so the build still needs only Java and Maven.
cd "$(dirname "$0")" || exit 1
if command -v luacheck >/dev/null 2>&1; then
  exec luacheck --no-color -q src/main/resources/io/qcommerce/oms/redis/lua
fi
echo "luacheck not installed: the Lua scripts are not linted"
