-- The store's movements from ARGV[5] (ms) - ARGV[6] (sequence), inclusive, or from the oldest kept when ARGV[5]
-- is '', at most ARGV[7], every due hold expired (and recorded) first. Entries older than the retention are
-- left out even while trimming has not reached them, so that what a read returns does not depend on how the
-- stream's nodes happen to be cut. Answers {the entry at or before the start, if any; the entries from the start},
-- as XRANGE does.
local function main(now)
  sweep_all(now)
  local from_ms, from_seq, count = ARGV[5], ARGV[6], ARGV[7]
  local start = '-'
  local horizon = math.floor(now / 1000) - tonumber(RETENTION_MS)
  local before = {}
  if horizon > 0 and (from_ms == '' or tcmp(from_ms, int(horizon)) < 0) then
    start = int(horizon) .. '-0'
  elseif from_ms ~= '' then
    start = from_ms .. '-' .. from_seq
    -- An entry holds every movement of one operation, each at a position of its own (the entry's sequence
    -- plus its index): a start inside an entry is found from the entry at or before it.
    before = redis.call('XREVRANGE', LEDGER, start, '-', 'COUNT', 1)
  end
  return {before, redis.call('XRANGE', LEDGER, start, '+', 'COUNT', count)}
end

return run(main)
