-- The counters of every resource of the store, every due hold expired first. Answers resource, on, held,
-- expired per resource, in no particular order. Reads the store's whole stock and batch hashes: a report, not a
-- per-order call.
local function main(now)
  sweep_all(now)
  -- The sweep's changes are written first: the whole hash is read from Redis below, not from this call's copy.
  flush()
  local expired = {}
  if store_has_batches() then
    local all = redis.call('HGETALL', BATCHES)
    for i = 1, #all, 2 do
      local sum = 0
      for _, b in ipairs(parse_batches(all[i + 1])) do
        if tcmp(b.exp, NOW_NS) <= 0 then
          sum = sum + b.on
        end
      end
      expired[all[i]] = sum
    end
  end
  local on, held, order = {}, {}, {}
  local fields = redis.call('HGETALL', STOCK)
  for i = 1, #fields, 2 do
    local f = fields[i]
    local res
    if string.sub(f, 1, 3) == 'on:' then
      res = string.sub(f, 4)
      on[res] = tonumber(fields[i + 1])
    elseif string.sub(f, 1, 5) == 'held:' then
      res = string.sub(f, 6)
      held[res] = tonumber(fields[i + 1])
    end
    if res and not order[res] then
      order[res] = true
      order[#order + 1] = res
    end
  end
  local out = {}
  for _, res in ipairs(order) do
    out[#out + 1] = res
    out[#out + 1] = on[res] or 0
    out[#out + 1] = held[res] or 0
    out[#out + 1] = expired[res] or 0
  end
  return out
end

return run(main)
