-- Expires at most ARGV[5] due holds of the store. Answers {expired}.
local function main(now)
  local expired = sweep(now, tonumber(ARGV[5]))
  return {expired}
end

return run(main)
