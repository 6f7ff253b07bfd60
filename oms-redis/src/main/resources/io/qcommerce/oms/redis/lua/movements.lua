-- The store's movements from ARGV[5] (ms) - ARGV[6] (sequence), inclusive, or from the oldest kept when ARGV[5]
-- is '', at most ARGV[7], every due hold expired (and recorded) first. Entries older than the retention are
-- left out even while trimming has not reached them, so that what a read returns does not depend on how the
-- stream's nodes happen to be cut. Answers the stream entries as XRANGE does.
local function main(now)
  sweep_all(now)
  local from_ms, from_seq, count = ARGV[5], ARGV[6], ARGV[7]
  local start = '-'
  local horizon = math.floor(now / 1000) - tonumber(RETENTION_MS)
  if from_ms ~= '' then
    start = from_ms .. '-' .. from_seq
  end
  if horizon > 0 and (from_ms == '' or tcmp(from_ms, int(horizon)) < 0) then
    start = int(horizon) .. '-0'
  end
  return redis.call('XRANGE', LEDGER, start, '+', 'COUNT', count)
end

return run(main)
