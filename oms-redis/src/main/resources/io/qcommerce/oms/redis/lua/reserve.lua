-- Holds every line or none.
-- ARGV[5] id, ARGV[6] ttl in µs, ARGV[7] lines ("type:id qty ..." sorted), ARGV[8] the lines' freshness
-- instants ("type:id ns ...", only lines that have one), ARGV[9] the cut-off in ns or ''.
-- The hold keeps its lines (its identity: a repeat must send the same), its takes and the freshness instants it
-- was made with (reported with its lines, not compared: a repeat may send others).
-- Answers {'HELD', hold, levels}, {'REPEAT', hold, levels}, {'SHORT', {res, available, ...}}, {'TOOLATE'} or
-- {'CONFLICT'}; levels are on, held, expired per line. A repeat is answered before the cut-off is looked at: a
-- retry after the cut-off must still find its hold.
local function main(now)
  sweep_resources(now, resources_of(ARGV[7]))
  local id, lines, fresh_arg, cutoff = ARGV[5], ARGV[7], ARGV[8], ARGV[9]
  local key = KEYS[5]
  local h = load(id, key, now)
  if h then
    if h.lines ~= lines then
      return {'CONFLICT'}
    end
    return {'REPEAT', reply(h), levels_of(h.lines)}
  end
  if cutoff ~= '' and tcmp(NOW_NS, cutoff) >= 0 then
    return {'TOOLATE'}
  end
  local expires_us = now + tonumber(ARGV[6])
  local expires_ns = ns(expires_us)
  local fresh = {}
  for res, t in string.gmatch(fresh_arg, '(%S+) (%S+)') do
    fresh[res] = t
  end
  local short = {}
  local plans = {}
  for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
    qty = tonumber(qty)
    local on, held = counters(res)
    local free = on - held
    local list = batches_of(res)
    if list then
      -- A batch serves the line only if it is still good when the hold expires and at the line's freshness
      -- instant; the free units of the others are not the line's to take.
      local outlast = expires_ns
      if fresh[res] and tcmp(fresh[res], outlast) > 0 then
        outlast = fresh[res]
      end
      for _, b in ipairs(list) do
        b.usable = tcmp(b.exp, outlast) > 0
        if not b.usable then
          free = free - (b.on - b.held)
        end
      end
    end
    if free < qty then
      short[#short + 1] = res
      short[#short + 1] = free
    elseif list then
      -- First expiry first; what the batches do not cover comes from units without a batch.
      local takes, left = {}, qty
      for _, b in ipairs(list) do
        if left == 0 then
          break
        end
        local spare = b.on - b.held
        if b.usable and spare > 0 then
          local n = math.min(spare, left)
          takes[#takes + 1] = {batch = b, qty = n}
          left = left - n
        end
      end
      plans[res] = {list = list, takes = takes}
    end
  end
  if #short > 0 then
    return {'SHORT', short}
  end
  local taken = {}
  for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
    add('held:' .. res, tonumber(qty))
    local plan = plans[res]
    if plan and #plan.takes > 0 then
      for _, t in ipairs(plan.takes) do
        t.batch.held = t.batch.held + t.qty
        taken[#taken + 1] = res .. ' ' .. t.batch.code .. ' ' .. t.batch.exp .. ' ' .. int(t.qty)
      end
      save_batches(res, plan.list)
    end
  end
  h = {id = id, key = key, status = 'HELD', lines = lines, created = int(now), expires = int(expires_us),
    takes = table.concat(taken, ' '), fresh = fresh_arg}
  local record = {'status', 'HELD', 'lines', lines, 'created', h.created, 'expires', h.expires}
  -- Only holds of batches and with freshness margins pay for these fields.
  if h.takes ~= '' then
    record[#record + 1] = 'takes'
    record[#record + 1] = h.takes
  end
  if fresh_arg ~= '' then
    record[#record + 1] = 'fresh'
    record[#record + 1] = fresh_arg
  end
  redis.call('HSET', key, unpack(record))
  index_hold(h)
  record_hold('HELD', h, now)
  return {'HELD', reply(h), levels_of(lines)}
end

return run(main, ARGV[7])
