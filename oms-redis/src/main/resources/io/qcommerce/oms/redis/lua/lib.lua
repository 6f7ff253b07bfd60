-- The library every script of the adapter starts with (LuaScripts puts it in front of each script's file).
-- A script defines `local function main(now)` and ends with `return run(main)`: run takes "now", calls main,
-- and records the instant a write used on the one way out, so no exit of main has to remember it.
--
-- Calling convention, the same for every script:
--   KEYS[1] the store's counters (hash)     ARGV[1] now in µs since the epoch, or '' to read the server's TIME
--   KEYS[2] the store's due index (zset)    ARGV[2] retention in ms
--   KEYS[3] the store's batches (hash)      ARGV[3] reap batch size
--   KEYS[4] the store's ledger (stream)     ARGV[4] the key prefix of the store's holds
--   KEYS[5] the hold or movement, if any    ARGV[5..] the script's own arguments
if redis.replicate_commands then redis.replicate_commands() end
local STOCK = KEYS[1]
local DUE = KEYS[2]
local BATCHES = KEYS[3]
local LEDGER = KEYS[4]
local RETENTION_MS = ARGV[2]
local RETENTION = tonumber(ARGV[2]) * 1000
local REAP = tonumber(ARGV[3])
local HOLD = ARGV[4]
local LAST = 0
local NOW_NS = '0'
local NOW_US = 0
local last_ms, last_seq = nil, 0
local trimmed = false
local wrote = false
local any_batches = nil

local function num(v)
  return tonumber(v) or 0
end

local function int(n)
  return string.format('%d', n)
end

-- Marks the call as one that wrote, so that run() records the instant it used.
local function wrote_now()
  wrote = true
end

-- An instant in µs (a script's now, a hold's expiry) as the ns text that caller instants come in.
local function ns(us)
  if us == 0 then
    return '0'
  end
  return int(us) .. '000'
end

-- Byte order, as Java's String.compareTo orders ASCII codes: Lua's '<' on strings follows the server's
-- collation locale, which need not be byte order.
local function scmp(a, b)
  if a == b then
    return 0
  end
  for i = 1, math.min(#a, #b) do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then
      if x < y then return -1 end
      return 1
    end
  end
  if #a < #b then return -1 end
  return 1
end

-- Order of two instants as canonical decimal ns ('-' when negative, no leading zeros): exact for any
-- instant, where doubles would round.
local function tcmp(a, b)
  if a == b then
    return 0
  end
  local na, nb = string.byte(a, 1) == 45, string.byte(b, 1) == 45
  if na ~= nb then
    if na then return -1 end
    return 1
  end
  local r
  if #a ~= #b then
    if #a < #b then r = -1 else r = 1 end
  else
    r = scmp(a, b)
  end
  if na then return -r end
  return r
end

-- The call's "now": the given or the server's time, never earlier than the latest instant a write of the
-- store used, so a clock that steps back cannot revive an expired hold.
local function take_now()
  local now
  if ARGV[1] == '' then
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  else
    now = tonumber(ARGV[1])
  end
  LAST = num(redis.call('HGET', STOCK, '.now'))
  if now < LAST then
    now = LAST
  end
  NOW_NS = ns(now)
  NOW_US = now
  return now
end

local function counters(res)
  return num(redis.call('HGET', STOCK, 'on:' .. res)), num(redis.call('HGET', STOCK, 'held:' .. res))
end

-- Whether the store has a batch at all: stores without batches skip every per-SKU lookup.
local function store_has_batches()
  if any_batches == nil then
    any_batches = redis.call('EXISTS', BATCHES) == 1
  end
  return any_batches
end

-- Forgets every batch of the store at once (a restore replaces them all).
local function drop_all_batches()
  redis.call('DEL', BATCHES)
  any_batches = false
  wrote = true
end

-- An emptied batch that nothing holds is forgotten once expired; its code may be received again.
local function forgotten(b)
  return b.on == 0 and b.held == 0 and tcmp(b.exp, NOW_NS) <= 0
end

-- A batch list as stored: "code expires on held ...", first expiry first.
local function parse_batches(s)
  local list = {}
  for code, exp, on, held in string.gmatch(s, '(%S+) (%S+) (%d+) (%d+)') do
    list[#list + 1] = {code = code, exp = exp, on = tonumber(on), held = tonumber(held)}
  end
  return list
end

-- The batches of a resource, first expiry first, forgotten ones left out; nil when it has none.
local function batches_of(res)
  if not store_has_batches() then
    return nil
  end
  local s = redis.call('HGET', BATCHES, res)
  if not s then
    return nil
  end
  local list = {}
  for _, b in ipairs(parse_batches(s)) do
    if not forgotten(b) then
      list[#list + 1] = b
    end
  end
  if #list == 0 then
    return nil
  end
  return list
end

-- Writes a resource's batches back, dropping forgotten ones (the field goes when none is left).
local function save_batches(res, list)
  local parts = {}
  for _, b in ipairs(list or {}) do
    if not forgotten(b) then
      parts[#parts + 1] = b.code .. ' ' .. b.exp .. ' ' .. int(b.on) .. ' ' .. int(b.held)
    end
  end
  if #parts == 0 then
    redis.call('HDEL', BATCHES, res)
  else
    redis.call('HSET', BATCHES, res, table.concat(parts, ' '))
    any_batches = true
  end
  wrote = true
end

local function find_batch(list, code)
  for i, b in ipairs(list or {}) do
    if b.code == code then
      return i
    end
  end
  return nil
end

-- Puts a new batch at its first-expiry-first-out place: by expiry, then by code.
local function insert_batch(list, b)
  local at = #list + 1
  for i, o in ipairs(list) do
    local c = tcmp(b.exp, o.exp)
    if c < 0 or (c == 0 and scmp(b.code, o.code) < 0) then
      at = i
      break
    end
  end
  table.insert(list, at, b)
end

-- Units on hand in batches past their expiry: on the shelf, never sellable.
local function expired_of(list)
  local sum = 0
  for _, b in ipairs(list or {}) do
    if tcmp(b.exp, NOW_NS) <= 0 then
      sum = sum + b.on
    end
  end
  return sum
end

-- on, held, expired of a resource.
local function level(res)
  local on, held = counters(res)
  return on, held, expired_of(batches_of(res))
end

-- on, held, expired of each line's resource, in the lines' order.
local function levels_of(lines)
  local out = {}
  for res in string.gmatch(lines, '(%S+) %d+') do
    local on, held, expired = level(res)
    out[#out + 1] = on
    out[#out + 1] = held
    out[#out + 1] = expired
  end
  return out
end

-- A hold's units taken from batches ("res code expires qty ...", grouped by resource): given back (sold
-- false), or gone from the shelf with the sale (sold true).
local function settle_takes(takes, sold)
  if not takes or takes == '' then
    return
  end
  local res, list
  for r, code, _, qty in string.gmatch(takes, '(%S+) (%S+) (%S+) (%d+)') do
    if r ~= res then
      if res then
        save_batches(res, list)
      end
      res = r
      list = batches_of(r)
    end
    local i = find_batch(list, code)
    if i then
      list[i].held = list[i].held - tonumber(qty)
      if sold then
        list[i].on = list[i].on - tonumber(qty)
      end
    end
  end
  if res then
    save_batches(res, list)
  end
end

-- The id of the next ledger entry. On the server's clock, Redis numbers it ('*': the server's ms, never below
-- the stream's last id). On a client clock, the same rule with that clock's ms: now's ms, or the last entry's
-- when that is not earlier, with the next sequence number.
local function next_id()
  if ARGV[1] == '' then
    return '*'
  end
  local ms = math.floor(NOW_US / 1000)
  if last_ms == nil then
    last_ms = -1
    local top = redis.call('XREVRANGE', LEDGER, '+', '-', 'COUNT', 1)
    if #top > 0 then
      local m, q = string.match(top[1][1], '^(%d+)-(%d+)$')
      last_ms, last_seq = tonumber(m), tonumber(q)
    end
  end
  if ms > last_ms then
    last_ms, last_seq = ms, 0
  else
    last_seq = last_seq + 1
  end
  return int(last_ms) .. '-' .. int(last_seq)
end

-- Appends one movement to the store's ledger; m names its fields: type, res, qty, batch ('' or "code ns"),
-- ref, at (µs), actor ('' for the system), note, and taken_at (µs, for a hold's movements). The script's first
-- append also trims the entries older than the retention, whole stream nodes at a time.
local function record(m)
  local id = next_id()
  local fields = {'t', m.type, 'r', m.res, 'q', int(m.qty), 'b', m.batch or '', 'i', m.ref, 'w', int(m.at),
    'a', m.actor or '', 'n', m.note or '', 'c', m.taken_at or ''}
  wrote = true
  if not trimmed then
    trimmed = true
    local horizon = math.floor(NOW_US / 1000) - tonumber(RETENTION_MS)
    if horizon > 0 then
      redis.call('XADD', LEDGER, 'MINID', '~', int(horizon), id, unpack(fields))
      return
    end
  end
  redis.call('XADD', LEDGER, id, unpack(fields))
end

-- A hold's movements of one kind: per line, one per batch it took (in the order taken), and one for the
-- line's units without a batch. Each carries when the hold was taken (µs), which names the hold.
local function record_hold(typ, h, at)
  local taken = {}
  if h.takes and h.takes ~= '' then
    for r, code, exp, qty in string.gmatch(h.takes, '(%S+) (%S+) (%S+) (%d+)') do
      local list = taken[r]
      if not list then
        list = {}
        taken[r] = list
      end
      list[#list + 1] = {batch = code .. ' ' .. exp, qty = tonumber(qty)}
    end
  end
  for res, qty in string.gmatch(h.lines, '(%S+) (%d+)') do
    local rest = tonumber(qty)
    for _, t in ipairs(taken[res] or {}) do
      rest = rest - t.qty
      record({type = typ, res = res, qty = t.qty, batch = t.batch, ref = h.id, at = at, taken_at = h.created})
    end
    if rest > 0 then
      record({type = typ, res = res, qty = rest, ref = h.id, at = at, taken_at = h.created})
    end
  end
end

-- Ends a hold: its record lives on for the retention, out of the due index.
local function finish(h, status, at)
  h.status = status
  h.finished = at
  redis.call('HSET', h.key, 'status', status, 'finished', at)
  redis.call('PEXPIRE', h.key, RETENTION_MS)
  redis.call('ZREM', DUE, h.id)
  wrote = true
end

-- Gives a HELD hold's units back and records it EXPIRED at its expiry instant, not when it was noticed.
local function expire_hold(h)
  for res, qty in string.gmatch(h.lines, '(%S+) (%d+)') do
    redis.call('HINCRBY', STOCK, 'held:' .. res, '-' .. qty)
  end
  settle_takes(h.takes, false)
  record_hold('EXPIRED', h, tonumber(h.expires))
  finish(h, 'EXPIRED', h.expires)
end

local HOLD_FIELDS = {'status', 'lines', 'created', 'expires', 'finished', 'takes', 'fresh'}

-- A hold record as a table of named fields (nil when there is none under the key).
local function read_hold(id, key)
  local v = redis.call('HMGET', key, unpack(HOLD_FIELDS))
  if not v[1] then
    return nil
  end
  local h = {id = id, key = key}
  for i, f in ipairs(HOLD_FIELDS) do
    h[f] = v[i] or nil
  end
  return h
end

-- Expires at most limit due holds; returns how many it expired and how many index entries it saw.
local function sweep(now, limit)
  local ids = redis.call('ZRANGEBYSCORE', DUE, '-inf', int(now), 'LIMIT', 0, limit)
  local expired = 0
  for _, id in ipairs(ids) do
    local h = read_hold(id, HOLD .. id)
    if h and h.status == 'HELD' then
      expire_hold(h)
      expired = expired + 1
    else
      redis.call('ZREM', DUE, id)
      wrote = true
    end
  end
  return expired, #ids
end

-- Expires every due hold, batch by batch: for answers that include counters.
local function sweep_all(now)
  local seen
  repeat
    local _, n = sweep(now, REAP)
    seen = n
  until seen < REAP
end

-- A hold as stored, or nil when unknown or finished longer ago than the retention.
local function load(id, key, now)
  local h = read_hold(id, key)
  if not h then
    return nil
  end
  if h.status ~= 'HELD' and num(h.finished) + RETENTION < now then
    redis.call('DEL', key)
    wrote = true
    return nil
  end
  return h
end

-- A hold as the adapter decodes it: status, lines, created, expires, finished, takes, freshness.
local function reply(h)
  return {h.status, h.lines, h.created, h.expires, h.finished or '', h.takes or '', h.fresh or ''}
end

-- Expires the hold if it is HELD and due: confirm, release and find must not wait for a sweep.
local function settle(h, now)
  if h.status == 'HELD' and now >= tonumber(h.expires) then
    expire_hold(h)
  end
end

-- The one way out of every script: main answers, and a call that wrote remembers the instant it used.
local function run(main)
  local now = take_now()
  local answer = main(now)
  if wrote and now > LAST then
    redis.call('HSET', STOCK, '.now', int(now))
  end
  return answer
end
