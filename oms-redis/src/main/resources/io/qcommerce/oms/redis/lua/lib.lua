-- The library every script of the adapter uses. On Redis 7 and newer LuaScripts loads it once, with every
-- script as a function of one function library; on Redis 6.2 it puts the parts a script uses in front of the
-- script's file, for EVALSHA. Either way a call starts with begin(KEYS, ARGV). A script defines
-- `local function main(now)` and ends with `return run(main)`: run takes "now", calls main, and records the
-- instant a write used on the one way out, so no exit of main has to remember it.
--
-- Calling convention, the same for every script:
--   KEYS[1] the store's counters (hash)     ARGV[1] now in µs since the epoch, or '' to read the server's TIME
--   KEYS[2] the store's due index (zset)    ARGV[2] retention in ms
--   KEYS[3] the store's batches (hash)      ARGV[3] reap batch size
--   KEYS[4] the store's ledger (stream)     ARGV[4] the key prefix of the store's holds
--   KEYS[5] the hold or movement, if any    ARGV[5..] the script's own arguments

-- The store's keys and the call's settings, and what the call has read and changed so far. They are set by
-- begin() at the start of every call: on Redis 7 the library is loaded once as a function library and its
-- locals outlive a call, so nothing of one call may leak into the next.
local STOCK, DUE, BATCHES, LEDGER, HOLD, NOW_ARG
local RETENTION_MS, RETENTION, REAP
local LAST, NOW_NS, NOW_US
local trimmed, wrote, appended, any_batches
-- The stock hash's '.b' as read with "now" ('1' the store has batches, '0' it has none, false not yet known:
-- a store written before the flag), and whether this call must write it.
local BATCH_FLAG, flag_changed
-- The stock hash's fields this call read, by name, as numbers: each is read once (HMGET of all a step needs)
-- and what the call changes is written back once, on the way out (one HSET).
local CTR, CHANGED
-- The ledger's next entry id: the ms of the last entry, and the first sequence number after it ('.led').
local LED_MS, LED_NEXT
-- The hold records this call read, by key (false: none), so that each is read once and every part of the call
-- sees the same table, changes included; forgotten with the counters at a flush.
local HOLDS
-- The due index's scores of the resources this call looked up (false: not in the index), so that a new hold
-- lowers a resource's score only when it is above the hold's expiry.
local DUE_SCORE

-- Starts a call: its keys and arguments (the calling convention above), and a clean slate.
local function begin(keys, argv)
  STOCK, DUE, BATCHES, LEDGER = keys[1], keys[2], keys[3], keys[4]
  NOW_ARG, RETENTION_MS, REAP, HOLD = argv[1], argv[2], tonumber(argv[3]), argv[4]
  RETENTION = tonumber(RETENTION_MS) * 1000
  LAST, NOW_NS, NOW_US = 0, '0', 0
  trimmed, wrote, appended, any_batches = false, false, false, nil
  BATCH_FLAG, flag_changed = false, false
  CTR, CHANGED, HOLDS, DUE_SCORE = {}, {}, {}, {}
  LED_MS, LED_NEXT = nil, 0
end

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

-- Adds the on-hand and held fields of each resource of lines ("res qty ...") to the list of fields to read.
local function line_fields(lines, fields)
  for res in string.gmatch(lines or '', '(%S+) %d+') do
    fields[#fields + 1] = 'on:' .. res
    fields[#fields + 1] = 'held:' .. res
  end
  return fields
end

-- Reads, in one HMGET, those of the stock hash's fields this call has not read yet.
local function fetch(fields)
  local missing = {}
  for _, f in ipairs(fields) do
    if CTR[f] == nil and not missing[f] then
      missing[f] = true
      missing[#missing + 1] = f
    end
  end
  if #missing > 0 then
    local v = redis.call('HMGET', STOCK, unpack(missing))
    for i, f in ipairs(missing) do
      CTR[f] = num(v[i])
    end
  end
end

-- The call's "now": the given or the server's time, never earlier than the latest instant a write of the
-- store used, so a clock that steps back cannot revive an expired hold. The same read fetches the counters of
-- the lines the call is about (prefetch, "res qty ..." or nil) and where the ledger's ids stand.
local function take_now(prefetch)
  local now
  if NOW_ARG == '' then
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  else
    now = tonumber(NOW_ARG)
  end
  local fields = line_fields(prefetch, {'.now', '.led', '.b'})
  local v = redis.call('HMGET', STOCK, unpack(fields))
  LAST = num(v[1])
  if v[2] then
    local m, q = string.match(v[2], '^(%d+)-(%d+)$')
    LED_MS, LED_NEXT = tonumber(m), tonumber(q)
  end
  BATCH_FLAG = v[3]
  for i = 4, #fields do
    CTR[fields[i]] = num(v[i])
  end
  if now < LAST then
    now = LAST
  end
  NOW_NS = ns(now)
  NOW_US = now
  return now
end

local function counters(res)
  local on, held = 'on:' .. res, 'held:' .. res
  if CTR[on] == nil or CTR[held] == nil then
    fetch({on, held})
  end
  return CTR[on], CTR[held]
end

-- Changes a counter of the stock hash in this call's copy; run() writes every changed one back at once.
local function add(field, delta)
  if CTR[field] == nil then
    fetch({field})
  end
  CTR[field] = CTR[field] + delta
  if not CHANGED[field] then
    CHANGED[field] = true
    CHANGED[#CHANGED + 1] = field
  end
  wrote = true
end

-- Writes the changed counters (and the extra name-value pairs given) in one HSET, then forgets what the call
-- read (a restore replaces the store underneath after it).
local function flush(extra)
  local out = {}
  for _, f in ipairs(CHANGED) do
    out[#out + 1] = f
    out[#out + 1] = int(CTR[f])
  end
  for _, x in ipairs(extra or {}) do
    out[#out + 1] = x
  end
  if #out > 0 then
    redis.call('HSET', STOCK, unpack(out))
  end
  CTR, CHANGED, HOLDS, DUE_SCORE = {}, {}, {}, {}
end

-- Whether the store has a batch at all: stores without batches skip every per-SKU lookup. The stock hash's
-- '.b', read with "now", says so for free; a store without it (written before the flag) is asked once with
-- EXISTS, and the flag is written with the call's next write.
local function store_has_batches()
  if any_batches == nil then
    if BATCH_FLAG then
      any_batches = BATCH_FLAG == '1'
    else
      any_batches = redis.call('EXISTS', BATCHES) == 1
      flag_changed = true
    end
  end
  return any_batches
end

-- Forgets every batch of the store at once (a restore replaces them all).
local function drop_all_batches()
  redis.call('DEL', BATCHES)
  any_batches = false
  flag_changed = BATCH_FLAG ~= '0'
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
    flag_changed = flag_changed or BATCH_FLAG ~= '1'
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

-- The id of the next ledger entry, which names its first movement; an entry of k movements takes k sequence
-- numbers, so that every movement has a position of its own (the entry's ms, the entry's sequence plus the
-- movement's index). Ids are in the lock's ms (the server's or the client's clock, as "now"), never below the
-- stream's last id: '.led' in the stock hash keeps where they stand (read from the stream when it is missing).
local function next_id(k)
  local ms = math.floor(NOW_US / 1000)
  if LED_MS == nil then
    LED_MS, LED_NEXT = -1, 0
    local top = redis.call('XREVRANGE', LEDGER, '+', '-', 'COUNT', 1)
    if #top > 0 then
      local m, q = string.match(top[1][1], '^(%d+)-(%d+)$')
      LED_MS, LED_NEXT = tonumber(m), tonumber(q) + 1
    end
  end
  local seq = 0
  if ms > LED_MS then
    LED_MS = ms
  else
    seq = LED_NEXT
  end
  LED_NEXT = seq + k
  appended = true
  return int(LED_MS) .. '-' .. int(seq)
end

-- Appends one operation to the store's ledger, every movement it made in one entry. fields are the entry's own
-- name-value pairs (t type, i reference, w when in µs, and c when the hold was taken, or a actor and n note);
-- moves are its movements, each "res qty" or "res qty code ns" (a batch). The script's first append also trims
-- the entries older than the retention, whole stream nodes at a time.
local function record(fields, moves)
  local id = next_id(#moves)
  fields[#fields + 1] = 'm'
  fields[#fields + 1] = table.concat(moves, ',')
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

-- One movement of a stock change: its units, of a batch ("code ns") or of none ('').
local function change_move(res, qty, batch)
  if batch == '' then
    return res .. ' ' .. int(qty)
  end
  return res .. ' ' .. int(qty) .. ' ' .. batch
end

-- A hold's movements of one kind, as one entry: per line, one per batch it took (in the order taken), and one
-- for the line's units without a batch. The entry carries when the hold was taken (µs), which names the hold.
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
  local moves = {}
  for res, qty in string.gmatch(h.lines, '(%S+) (%d+)') do
    local rest = tonumber(qty)
    for _, t in ipairs(taken[res] or {}) do
      rest = rest - t.qty
      moves[#moves + 1] = change_move(res, t.qty, t.batch)
    end
    if rest > 0 then
      moves[#moves + 1] = change_move(res, rest, '')
    end
  end
  record({'t', typ, 'i', h.id, 'w', int(at), 'c', h.created}, moves)
end

-- The due index is per resource: KEYS[2] .. ':' .. res holds the ids of the live holds with a line of res,
-- scored by expiry; KEYS[2] itself scores each resource that has live holds at or below its earliest expiry
-- (lowered on every new hold, raised lazily once its earliest hold is gone), so one ZMSCORE tells which of a
-- call's resources may have due holds, and a sweep touches only those.
local function due_key(res)
  return DUE .. ':' .. res
end

-- Puts a live hold in the due index of each of its lines, and lowers their resources' scores to its expiry
-- (skipped for a resource whose score this call read and found at or below it: the common case).
local function index_hold(h)
  local lower = {'LT'}
  local expires = tonumber(h.expires)
  for res in string.gmatch(h.lines, '(%S+) %d+') do
    redis.call('ZADD', due_key(res), h.expires, h.id)
    local score = DUE_SCORE[res]
    if not score or score > expires then
      lower[#lower + 1] = h.expires
      lower[#lower + 1] = res
      DUE_SCORE[res] = expires
    end
  end
  if #lower > 1 then
    redis.call('ZADD', DUE, unpack(lower))
  end
  wrote = true
end

-- Ends a hold: its record lives on for the retention, out of the due index.
local function finish(h, status, at)
  h.status = status
  h.finished = at
  redis.call('HSET', h.key, 'status', status, 'finished', at)
  redis.call('PEXPIRE', h.key, RETENTION_MS)
  for res in string.gmatch(h.lines, '(%S+) %d+') do
    redis.call('ZREM', due_key(res), h.id)
  end
  wrote = true
end

-- Gives a HELD hold's units back and records it EXPIRED at its expiry instant, not when it was noticed.
local function expire_hold(h)
  for res, qty in string.gmatch(h.lines, '(%S+) (%d+)') do
    add('held:' .. res, -tonumber(qty))
  end
  settle_takes(h.takes, false)
  record_hold('EXPIRED', h, tonumber(h.expires))
  finish(h, 'EXPIRED', h.expires)
end

local HOLD_FIELDS = {'status', 'lines', 'created', 'expires', 'finished', 'takes', 'fresh'}

-- A hold record as a table of named fields (nil when there is none under the key).
local function read_hold(id, key)
  local h = HOLDS[key]
  if h == nil then
    local v = redis.call('HMGET', key, unpack(HOLD_FIELDS))
    h = false
    if v[1] then
      h = {id = id, key = key}
      for i, f in ipairs(HOLD_FIELDS) do
        h[f] = v[i] or nil
      end
    end
    HOLDS[key] = h
  end
  return h or nil
end

-- Expires at most limit due holds of one resource; returns how many it expired and how many index entries it
-- saw. The counters of all their lines are read at once.
local function sweep_resource(now, res, limit)
  local key = due_key(res)
  local ids = redis.call('ZRANGEBYSCORE', key, '-inf', int(now), 'LIMIT', 0, limit)
  local due, fields = {}, {}
  for _, id in ipairs(ids) do
    local h = read_hold(id, HOLD .. id)
    if h and h.status == 'HELD' and tonumber(h.expires) <= now then
      due[#due + 1] = h
      line_fields(h.lines, fields)
    else
      redis.call('ZREM', key, id)
      wrote = true
    end
  end
  fetch(fields)
  for _, h in ipairs(due) do
    expire_hold(h)
  end
  return #due, #ids
end

-- Scores a resource by the expiry of its earliest live hold, or takes it out of the index when it has none.
local function reindex(res)
  local first = redis.call('ZRANGE', due_key(res), 0, 0, 'WITHSCORES')
  if #first == 0 then
    redis.call('ZREM', DUE, res)
    DUE_SCORE[res] = false
  else
    redis.call('ZADD', DUE, first[2], res)
    DUE_SCORE[res] = tonumber(first[2])
  end
  wrote = true
end

-- Expires every due hold of one resource, REAP at a time.
local function sweep_all_of(now, res)
  repeat
    local _, seen = sweep_resource(now, res, REAP)
  until seen < REAP
  reindex(res)
end

-- Expires every due hold that has a line of one of the given resources: after it, what the call answers about
-- them is exact, and the work done is that of their due holds only, not of the store's.
local function sweep_resources(now, list)
  if #list == 0 then
    return
  end
  local scores = redis.call('ZMSCORE', DUE, unpack(list))
  for i, res in ipairs(list) do
    local score = scores[i] and tonumber(scores[i])
    DUE_SCORE[res] = score or false
    if score and score <= now then
      sweep_all_of(now, res)
    end
  end
end

-- The resources of lines ("res qty ..."), for sweep_resources.
local function resources_of(lines)
  local out = {}
  for res in string.gmatch(lines, '(%S+) %d+') do
    out[#out + 1] = res
  end
  return out
end

-- A member of the store's due index left by a version before the index was per resource: the id of a hold
-- (hold ids have no ':', resources always do).
local function legacy(member)
  return not string.find(member, ':', 1, true)
end

-- Moves a hold from the old due index to the index of each of its lines, if it is still HELD (then a sweep of
-- its resources finds it), and takes it out of the old one.
local function migrate(id)
  redis.call('ZREM', DUE, id)
  local h = read_hold(id, HOLD .. id)
  if h and h.status == 'HELD' then
    index_hold(h)
  end
  wrote = true
end

-- Expires at most limit due holds of the store, the resources with the earliest first; returns how many. Each
-- round expires or drops an index entry, moves a resource past now or migrates an old entry, so it ends within
-- limit rounds.
local function sweep(now, limit)
  local expired = 0
  for _ = 1, limit do
    local budget = limit - expired
    if budget <= 0 then
      break
    end
    local top = redis.call('ZRANGEBYSCORE', DUE, '-inf', int(now), 'LIMIT', 0, 1)
    if #top == 0 then
      break
    end
    if legacy(top[1]) then
      migrate(top[1])
    else
      local n, seen = sweep_resource(now, top[1], budget)
      expired = expired + n
      if seen < budget then
        reindex(top[1])
      end
    end
  end
  return expired
end

-- Expires every due hold of the store: for the reports, whose answer is about all of it.
local function sweep_all(now)
  while true do
    local top = redis.call('ZRANGEBYSCORE', DUE, '-inf', int(now), 'LIMIT', 0, 1)
    if #top == 0 then
      return
    end
    if legacy(top[1]) then
      migrate(top[1])
    else
      sweep_all_of(now, top[1])
    end
  end
end

-- A hold as stored, or nil when unknown or finished longer ago than the retention.
local function load(id, key, now)
  local h = read_hold(id, key)
  if not h then
    return nil
  end
  if h.status ~= 'HELD' and num(h.finished) + RETENTION < now then
    redis.call('DEL', key)
    HOLDS[key] = false
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

-- The one way out of every script: main answers; then the counters it changed, the instant a write used and
-- where the ledger's ids stand are written in one HSET. prefetch: the lines ("res qty ...") whose counters the
-- call will need, read with "now" in one HMGET (nil when it cannot know them before it starts).
local function run(main, prefetch)
  local now = take_now(prefetch)
  local answer = main(now)
  local extra = {}
  if wrote and now > LAST then
    extra = {'.now', int(now)}
  end
  if appended then
    extra[#extra + 1] = '.led'
    extra[#extra + 1] = int(LED_MS) .. '-' .. int(LED_NEXT)
  end
  if flag_changed and wrote and any_batches ~= nil then
    extra[#extra + 1] = '.b'
    extra[#extra + 1] = any_batches and '1' or '0'
  end
  flush(extra)
  return answer
end
