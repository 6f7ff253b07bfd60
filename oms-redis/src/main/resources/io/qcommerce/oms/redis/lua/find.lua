-- The hold as it is now (expiry applied). ARGV[5] id. Answers the hold, or {} when unknown.
local function main(now)
  local h = load(ARGV[5], KEYS[5], now)
  if not h then
    return {}
  end
  settle(h, now)
  return reply(h)
end

-- The hold's record is read first, so that its lines' counters come with "now" in one read.
local hold = read_hold(ARGV[5], KEYS[5])
return run(main, hold and hold.lines)
