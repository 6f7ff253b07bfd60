-- Sells a live hold. ARGV[5] id. Answers the hold as it is after the call, or {'UNKNOWN'}.
local function main(now)
  local h = load(ARGV[5], KEYS[5], now)
  if not h then
    return {'UNKNOWN'}
  end
  settle(h, now)
  if h.status == 'HELD' then
    for res, qty in string.gmatch(h.lines, '(%S+) (%d+)') do
      add('held:' .. res, -tonumber(qty))
      add('on:' .. res, -tonumber(qty))
    end
    settle_takes(h.takes, true)
    record_hold('SOLD', h, now)
    finish(h, 'CONFIRMED', int(now))
  end
  return reply(h)
end

-- The hold's record is read first, so that its lines' counters come with "now" in one read.
local hold = read_hold(ARGV[5], KEYS[5])
return run(main, hold and hold.lines)
