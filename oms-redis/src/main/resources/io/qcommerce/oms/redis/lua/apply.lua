-- A receipt, adjustment, restock or return, once per movement id.
-- ARGV[5] resource, ARGV[6] kind, ARGV[7] delta, ARGV[8] the most units a counter may hold, ARGV[9] the batch's
-- code or '', ARGV[10] its expiry in ns or '', ARGV[11] the movement type to record, ARGV[12] the movement id,
-- ARGV[13] the actor ('' for the system), ARGV[14] the reason. An applied change is recorded in the ledger; a
-- repeat or a refusal is not.
-- Answers {'APPLIED', on, held, expired}, {'REPEAT', on, held, expired}, {'REJECTED', on, held, expired, cause,
-- units after, units held} or {'CONFLICT'}. The checks come in the order of the in-memory lock, so that both
-- refuse a change for the same cause: the unit limit, then the units the change draws on (those without a
-- batch, or the named batch), then the batch's code and expiry.
local function main(now)
  sweep_resources(now, {ARGV[5]})
  local key = KEYS[5]
  local c = {res = ARGV[5], kind = ARGV[6], delta = ARGV[7], limit = tonumber(ARGV[8]), code = ARGV[9],
    exp = ARGV[10], type = ARGV[11], id = ARGV[12], actor = ARGV[13], reason = ARGV[14]}
  local batch = ''
  if c.code ~= '' then
    batch = c.code .. ' ' .. c.exp
  end
  local m = redis.call('HMGET', key, 'resource', 'kind', 'delta', 'at', 'batch')
  local seen = {res = m[1], kind = m[2], delta = m[3], at = m[4], batch = m[5] or ''}
  if seen.res and num(seen.at) + RETENTION < now then
    redis.call('DEL', key)
    wrote_now()
    seen.res = false
  end
  if seen.res then
    if seen.res ~= c.res or seen.kind ~= c.kind or seen.delta ~= c.delta or seen.batch ~= batch then
      return {'CONFLICT'}
    end
    local on, held, expired = level(c.res)
    return {'REPEAT', on, held, expired}
  end
  local on, held = counters(c.res)
  local delta = tonumber(c.delta)
  local list = batches_of(c.res)
  local i = nil
  if c.code ~= '' then
    i = find_batch(list, c.code)
  end
  local refusal, after, holding = nil, 0, 0
  if on + delta > c.limit then
    refusal = 'ABOVE_LIMIT'
  elseif c.code == '' then
    -- Units without a batch: the totals less every batch's units.
    after, holding = on + delta, held
    for _, b in ipairs(list or {}) do
      after = after - b.on
      holding = holding - b.held
    end
    if after < holding or after < 0 then
      refusal = 'INSUFFICIENT_UNITS'
    end
  elseif c.kind == 'RECEIVE' then
    if i then
      refusal = 'DUPLICATE_BATCH'
    elseif tcmp(NOW_NS, c.exp) >= 0 then
      refusal = 'BATCH_EXPIRED'
    end
  elseif i and list[i].exp ~= c.exp then
    -- The code names a batch of another expiry (a code received again after the first batch was forgotten):
    -- units of one must never take the other's date.
    refusal = 'UNKNOWN_BATCH'
  elseif c.kind == 'ADJUST' then
    if not i then
      refusal = 'UNKNOWN_BATCH'
    else
      after, holding = list[i].on + delta, list[i].held
      if after < holding or after < 0 then
        refusal = 'INSUFFICIENT_UNITS'
      end
    end
  end
  if refusal then
    return {'REJECTED', on, held, expired_of(list), refusal, int(after), int(holding)}
  end
  add('on:' .. c.res, delta)
  if c.code ~= '' then
    list = list or {}
    if i then
      list[i].on = list[i].on + delta
    else
      -- A receipt, or a restock into a batch the store has forgotten: it comes back as given.
      insert_batch(list, {code = c.code, exp = c.exp, on = delta, held = 0})
    end
    save_batches(c.res, list)
    redis.call('HSET', key, 'resource', c.res, 'kind', c.kind, 'delta', c.delta, 'at', int(now), 'batch', batch)
  else
    redis.call('HSET', key, 'resource', c.res, 'kind', c.kind, 'delta', c.delta, 'at', int(now))
  end
  redis.call('PEXPIRE', key, RETENTION_MS)
  record({'t', c.type, 'i', c.id, 'w', int(now), 'a', c.actor, 'n', c.reason}, {change_move(c.res, delta, batch)})
  return {'APPLIED', on + delta, held, expired_of(list)}
end

return run(main, ARGV[5] .. ' 0')
