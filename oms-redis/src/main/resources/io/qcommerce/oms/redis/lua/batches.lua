-- The batches of one SKU, every due hold expired first. ARGV[5] the resource. Answers code, expiry in ns, on,
-- held per batch, first expiry first; forgotten batches left out.
local function main(now)
  sweep_resources(now, {ARGV[5]})
  local out = {}
  for _, b in ipairs(batches_of(ARGV[5]) or {}) do
    out[#out + 1] = b.code
    out[#out + 1] = b.exp
    out[#out + 1] = b.on
    out[#out + 1] = b.held
  end
  return out
end

return run(main)
