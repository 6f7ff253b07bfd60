-- The hold as it is now (expiry applied). ARGV[5] id. Answers the hold, or {} when unknown.
local function main(now)
  sweep(now, REAP)
  local h = load(ARGV[5], KEYS[5], now)
  if not h then
    return {}
  end
  settle(h, now)
  return reply(h)
end

return run(main)
