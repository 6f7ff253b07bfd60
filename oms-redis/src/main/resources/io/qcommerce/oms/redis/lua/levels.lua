-- Counters, every due hold expired first. ARGV[5..] resources. Answers on, held, expired per resource.
local function main(now)
  local asked = {}
  for i = 5, #ARGV do
    asked[#asked + 1] = ARGV[i]
  end
  sweep_resources(now, asked)
  local out = {}
  for i = 5, #ARGV do
    local on, held, expired = level(ARGV[i])
    out[#out + 1] = on
    out[#out + 1] = held
    out[#out + 1] = expired
  end
  return out
end

local asked = {}
for i = 5, #ARGV do
  asked[#asked + 1] = ARGV[i] .. ' 0'
end
return run(main, table.concat(asked, ' '))
