-- luacheck's settings for the adapter's scripts (src/main/resources/io/qcommerce/oms/redis/lua), run from
-- this folder by the build when luacheck is installed. Redis runs Lua 5.1 with redis, KEYS and ARGV as globals.
-- Each script runs after lib.lua (in one function library on Redis 7, behind the parts it uses for EVALSHA on
-- 6.2): the library's top-level locals, declared with or without a value, are the scripts' read-only globals.
std = "lua51"
read_globals = {"redis", "KEYS", "ARGV"}
max_line_length = 120

local LIB = "src/main/resources/io/qcommerce/oms/redis/lua/lib.lua"
local shared = {}
for line in io.lines(LIB) do
  local names = line:match("^local function ([%w_]+)") or line:match("^local ([%w_, ]+) =")
    or line:match("^local ([%w_, ]+)$")
  if names then
    for name in names:gmatch("[%w_]+") do
      shared[#shared + 1] = name
    end
  end
end

files["src/main/resources/io/qcommerce/oms/redis/lua"] = {read_globals = shared}
-- The library defines what the scripts use: that one script leaves some of it unused is no finding.
files[LIB] = {ignore = {"211", "231"}}
