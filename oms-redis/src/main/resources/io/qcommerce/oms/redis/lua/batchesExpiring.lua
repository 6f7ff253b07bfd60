-- Batches of every SKU of the store with units on hand expiring before ARGV[5] (ns), every due hold expired
-- first. Answers resource, code, expiry in ns, on, held per batch, in no particular order (the caller sorts).
-- Reads the store's whole batch hash: a report, not a per-order call.
local function main(now)
  sweep_all(now)
  local before = ARGV[5]
  local out = {}
  if store_has_batches() then
    local all = redis.call('HGETALL', BATCHES)
    for i = 1, #all, 2 do
      for _, b in ipairs(parse_batches(all[i + 1])) do
        if b.on > 0 and tcmp(b.exp, before) < 0 then
          out[#out + 1] = all[i]
          out[#out + 1] = b.code
          out[#out + 1] = b.exp
          out[#out + 1] = b.on
          out[#out + 1] = b.held
        end
      end
    end
  end
  return out
end

return run(main)
