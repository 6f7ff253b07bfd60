-- Sells a live hold. ARGV[5] id. Answers the hold as it is after the call, or {'UNKNOWN'}.
local function main(now)
  sweep(now, REAP)
  local h = load(ARGV[5], KEYS[5], now)
  if not h then
    return {'UNKNOWN'}
  end
  settle(h, now)
  if h.status == 'HELD' then
    for res, qty in string.gmatch(h.lines, '(%S+) (%d+)') do
      redis.call('HINCRBY', STOCK, 'held:' .. res, '-' .. qty)
      redis.call('HINCRBY', STOCK, 'on:' .. res, '-' .. qty)
    end
    settle_takes(h.takes, true)
    record_hold('SOLD', h, now)
    finish(h, 'CONFIRMED', int(now))
  end
  return reply(h)
end

return run(main)
