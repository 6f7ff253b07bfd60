-- Replaces the store's counters, batches and live holds, in one step (the last step of a rebuild). Every due
-- hold is expired first, as any script does, so that a late confirm of it still answers Expired; then every
-- HELD hold is deleted (finished holds and applied movement ids stay), every counter and batch list is
-- replaced, and the given holds are written HELD and indexed; those already due expire at once (and are
-- recorded EXPIRED at their expiry instant, the only movements a restore records).
-- ARGV[5] counters, "res on held ..." (held: the units the given holds take); ARGV[6] the number k of resources
-- with batches; ARGV[7..6+2k] per such resource, its key and its batch list as stored ("code ns on held ...",
-- first expiry first); then six arguments per hold: id, created (µs), expires (µs), lines, takes and freshness
-- as a reserve stores them. Answers {'RESTORED', holds written}.
local function main(now)
  sweep_all(now)
  -- What the sweep changed is written before the counters are replaced underneath it.
  flush()
  for _, res in ipairs(redis.call('ZRANGE', DUE, 0, -1)) do
    -- An id in the old, store-wide index (a hold of an earlier version) is a hold of its own.
    local ids = legacy(res) and {res} or redis.call('ZRANGE', due_key(res), 0, -1)
    for _, id in ipairs(ids) do
      local key = HOLD .. id
      if redis.call('HGET', key, 'status') == 'HELD' then
        redis.call('DEL', key)
      end
    end
    if not legacy(res) then
      redis.call('DEL', due_key(res))
    end
  end
  redis.call('DEL', DUE)
  -- Every counter goes; the store's own fields ('.now') stay.
  local gone = {}
  for _, f in ipairs(redis.call('HKEYS', STOCK)) do
    if string.sub(f, 1, 1) ~= '.' then
      gone[#gone + 1] = f
      if #gone == 500 then
        redis.call('HDEL', STOCK, unpack(gone))
        gone = {}
      end
    end
  end
  if #gone > 0 then
    redis.call('HDEL', STOCK, unpack(gone))
  end
  drop_all_batches()
  for res, on, held in string.gmatch(ARGV[5], '(%S+) (%d+) (%d+)') do
    redis.call('HSET', STOCK, 'on:' .. res, on)
    if held ~= '0' then
      redis.call('HSET', STOCK, 'held:' .. res, held)
    end
  end
  local k = tonumber(ARGV[6])
  for i = 0, k - 1 do
    save_batches(ARGV[7 + 2 * i], parse_batches(ARGV[8 + 2 * i]))
  end
  local holds = 0
  for i = 7 + 2 * k, #ARGV, 6 do
    local hold = {id = ARGV[i], created = ARGV[i + 1], expires = ARGV[i + 2], lines = ARGV[i + 3],
      takes = ARGV[i + 4], fresh = ARGV[i + 5]}
    local key = HOLD .. hold.id
    redis.call('DEL', key)
    redis.call('HSET', key, 'status', 'HELD', 'lines', hold.lines, 'created', hold.created, 'expires', hold.expires)
    if hold.takes ~= '' then
      redis.call('HSET', key, 'takes', hold.takes)
    end
    if hold.fresh ~= '' then
      redis.call('HSET', key, 'fresh', hold.fresh)
    end
    index_hold(hold)
    holds = holds + 1
  end
  wrote_now()
  sweep_all(now)
  return {'RESTORED', holds}
end

return run(main)
