package io.qcommerce.oms.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Every Lua script of the adapter, one per operation; each is one atomic step on one store (one slot).
 *
 * <p>Calling convention, the same for all of them:
 * <pre>
 * KEYS[1] the store's counters (hash)       ARGV[1] now in µs since the epoch, or '' to read the server's TIME
 * KEYS[2] the store's due index (zset)      ARGV[2] retention in ms
 * KEYS[3] the store's batches (hash)        ARGV[3] reap batch size
 * KEYS[4] the store's ledger (stream)       ARGV[4] the key prefix of the store's holds
 * KEYS[5] the hold or movement, if any      ARGV[5..] the operation's own arguments
 * </pre>
 * Every script names the batches and ledger keys, whether or not its own work is about them: expiring a due
 * hold gives back the units it took from batches and records the expiry, and any script may expire due holds.
 *
 * <p>The ledger: every change of a counter is appended to the store's stream by the script that makes it, as
 * one entry per movement with the same eight fields ({@code t} type, {@code r} resource, {@code q} quantity,
 * {@code b} batch as "code ns" or '', {@code i} reference, {@code w} when in µs, {@code a} actor or '' for
 * the system, {@code n} note): a receipt, adjustment, restock or return as one movement, a hold's reserve,
 * confirm, release and expiry as one movement per line and batch it took (the line's units without a batch
 * as one more). Entry ids are in the lock's time, in ms, never below the stream's last id: Redis's own
 * ({@code *}) on the server's clock, computed the same way from the client's clock in {@code clock(...)} mode;
 * so the stream is ordered and trimmed by the lock's clock: each script's first append trims whole stream
 * nodes older than the retention ({@code MINID ~}, which costs nothing when there is nothing to trim).
 * Repeats and refusals append nothing.
 *
 * <p>What every script does first: it takes "now" (never earlier than the latest instant a write of the store
 * used, so a clock that steps back cannot revive an expired hold) and expires due holds of its store from the
 * due index: every one of them for the scripts whose answer includes counters (reserve, levels, apply,
 * batches, batchesExpiring), a batch for the others, which check the one hold they touch against its expiry
 * themselves. Expiring a hold gives its units back (to its batches too) and records it EXPIRED at its expiry
 * instant.
 *
 * <p>After that sweep (which is right whatever follows), each script reads and checks everything before its
 * first write of its own, and refusals (conflict, too late, shortfall, rejection, unknown id) write nothing of
 * their own: an error cannot stop a script halfway through its writes, and Redis refuses a script for memory
 * only at its first write. A repeat of any call with the same id finds the record the first call left and
 * answers from it: this is what makes a timed-out call, a client retry, and Lettuce's replay of commands after
 * a reconnect harmless.
 *
 * <p>Batches: a SKU's batches are one field of the store's batch hash, a list kept first expiry first
 * ({@code Batch.FEFO}: by expiry, then by code in byte order). A batch that is empty, held by no one and
 * expired is forgotten: reads skip it, and the next write of the field drops it, so a refusal never has to
 * write to forget one. The SKU's counters in the stock hash stay its totals; units without a batch are the
 * totals minus the batches' sums.
 *
 * <p>Numbers: a hold's times are µs since the epoch (about 1.7e15, exact in Lua's doubles below 2^53), units
 * are at most {@code Limits.MAX_UNITS}; numbers are turned into strings with {@code %d} before they reach
 * Redis. Instants that come from the caller (a batch's expiry, a line's freshness, a cut-off, a horizon) are
 * kept exactly as given: decimal ns since the epoch, as text, never turned into a double (any instant, to the
 * nanosecond, where a double would round beyond 2^53); the scripts compare them as decimal strings.
 */
final class LuaScripts {
    private LuaScripts() {}

    /** One script: its body and the SHA-1 digest that EVALSHA calls it by. */
    record Script(String name, String body, String sha1) {
        static Script of(String name, String body) {
            return new Script(name, body, sha1Hex(body));
        }
    }

    private static final String PRELUDE = """
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

            -- An instant in µs (a script's now, a hold's expiry) as the ns text that caller instants come in.
            local function ns(us)
              if us == 0 then
                return '0'
              end
              return int(us) .. '000'
            end

            -- Byte order, as Java's String.compareTo orders ASCII codes: Lua's '<' on strings follows the
            -- server's collation locale, which need not be byte order.
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

            -- Order of two instants as canonical decimal ns ('-' when negative, no leading zeros): exact for
            -- any instant, where doubles would round.
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

            -- Called before every answer: a script that wrote remembers the instant it used.
            local function done(now)
              if wrote and now > LAST then
                redis.call('HSET', STOCK, '.now', int(now))
              end
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

            -- An emptied batch that nothing holds is forgotten once expired; its code may be received again.
            local function forgotten(b)
              return b.on == 0 and b.held == 0 and tcmp(b.exp, NOW_NS) <= 0
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
              for code, exp, on, held in string.gmatch(s, '(%S+) (%S+) (%d+) (%d+)') do
                local b = {code = code, exp = exp, on = tonumber(on), held = tonumber(held)}
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

            -- A hold's units taken from batches ("res code expires qty ...", grouped by resource): given back
            -- (sold false), or gone from the shelf with the sale (sold true).
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

            -- The id of the next ledger entry. On the server's clock, Redis numbers it ('*': the server's ms, never
            -- below the stream's last id). On a client clock, the same rule with that clock's ms: now's ms, or the
            -- last entry's when that is not earlier, with the next sequence number.
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

            -- Appends one movement to the store's ledger. The script's first append also trims the entries
            -- older than the retention, whole stream nodes at a time (nothing to do costs nothing).
            local function record(typ, res, qty, batch, ref, at, actor, note, taken_at)
              local id = next_id()
              taken_at = taken_at or ''
              if not trimmed then
                trimmed = true
                local horizon = math.floor(NOW_US / 1000) - tonumber(RETENTION_MS)
                if horizon > 0 then
                  redis.call('XADD', LEDGER, 'MINID', '~', int(horizon), id, 't', typ, 'r', res, 'q', int(qty),
                    'b', batch, 'i', ref, 'w', int(at), 'a', actor, 'n', note, 'c', taken_at)
                  wrote = true
                  return
                end
              end
              redis.call('XADD', LEDGER, id, 't', typ, 'r', res, 'q', int(qty), 'b', batch, 'i', ref, 'w', int(at),
                'a', actor, 'n', note, 'c', taken_at)
              wrote = true
            end

            -- A hold's movements of one kind: per line, one per batch it took (in the order taken), and one for
            -- the line's units without a batch. Each carries when the hold was taken (µs), which names the hold.
            local function record_hold(typ, id, lines, takes, at, taken_at)
              local taken = {}
              if takes and takes ~= '' then
                for r, code, exp, qty in string.gmatch(takes, '(%S+) (%S+) (%S+) (%d+)') do
                  local list = taken[r]
                  if not list then
                    list = {}
                    taken[r] = list
                  end
                  list[#list + 1] = {code .. ' ' .. exp, tonumber(qty)}
                end
              end
              for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
                local rest = tonumber(qty)
                for _, t in ipairs(taken[res] or {}) do
                  rest = rest - t[2]
                  record(typ, res, t[2], t[1], id, at, '', '', taken_at)
                end
                if rest > 0 then
                  record(typ, res, rest, '', id, at, '', '', taken_at)
                end
              end
            end

            local function finish(id, key, status, at)
              redis.call('HSET', key, 'status', status, 'finished', at)
              redis.call('PEXPIRE', key, RETENTION_MS)
              redis.call('ZREM', DUE, id)
              wrote = true
            end

            local function expire_hold(id, key, lines, expires, takes, taken_at)
              for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
                redis.call('HINCRBY', STOCK, 'held:' .. res, '-' .. qty)
              end
              settle_takes(takes, false)
              -- Recorded at its expiry instant, not when it was noticed.
              record_hold('EXPIRED', id, lines, takes, tonumber(expires), taken_at)
              finish(id, key, 'EXPIRED', expires)
            end

            -- Expires at most limit due holds; returns how many it expired and how many index entries it saw.
            local function sweep(now, limit)
              local ids = redis.call('ZRANGEBYSCORE', DUE, '-inf', int(now), 'LIMIT', 0, limit)
              local expired = 0
              for _, id in ipairs(ids) do
                local key = HOLD .. id
                local h = redis.call('HMGET', key, 'status', 'lines', 'expires', 'takes', 'created')
                if h[1] == 'HELD' then
                  expire_hold(id, key, h[2], h[3], h[4], h[5])
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
            local function load(key, now)
              local h = redis.call('HMGET', key, 'status', 'lines', 'created', 'expires', 'finished', 'takes', 'fresh')
              if not h[1] then
                return nil
              end
              if h[1] ~= 'HELD' and num(h[5]) + RETENTION < now then
                redis.call('DEL', key)
                wrote = true
                return nil
              end
              return h
            end

            local function reply(h)
              return {h[1], h[2], h[3], h[4], h[5] or '', h[6] or '', h[7] or ''}
            end

            -- Expires the hold if it is HELD and due: confirm, release and find must not wait for a sweep.
            local function settle(id, key, h, now)
              if h[1] == 'HELD' and now >= tonumber(h[4]) then
                expire_hold(id, key, h[2], h[4], h[6], h[3])
                h[1] = 'EXPIRED'
                h[5] = h[4]
              end
            end
            """;

    /**
     * Holds every line or none. ARGV[5] id, ARGV[6] ttl in µs, ARGV[7] lines ("type:id qty ..." sorted), ARGV[8]
     * the lines' freshness instants ("type:id ns ...", only lines that have one), ARGV[9] the cut-off in ns or ''.
     * The hold keeps its lines (its identity: a repeat must send the same), its takes and the freshness instants
     * it was made with (reported with its lines, not compared: a repeat may send others).
     * Answers {'HELD', hold, levels}, {'REPEAT', hold, levels}, {'SHORT', {res, available, ...}}, {'TOOLATE'} or
     * {'CONFLICT'}; levels are on, held, expired per line. A repeat is answered before the cut-off is looked at:
     * a retry after the cut-off must still find its hold.
     */
    static final Script RESERVE = Script.of("reserve", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local key = KEYS[5]
            local lines = ARGV[7]
            local h = load(key, now)
            if h then
              done(now)
              if h[2] ~= lines then
                return {'CONFLICT'}
              end
              return {'REPEAT', reply(h), levels_of(h[2])}
            end
            if ARGV[9] ~= '' and tcmp(NOW_NS, ARGV[9]) >= 0 then
              done(now)
              return {'TOOLATE'}
            end
            local expires_us = now + tonumber(ARGV[6])
            local expires_ns = ns(expires_us)
            local fresh = {}
            for res, t in string.gmatch(ARGV[8], '(%S+) (%S+)') do
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
                -- A batch serves the line only if it is still good when the hold expires and at the line's
                -- freshness instant; the free units of the others are not the line's to take.
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
                    takes[#takes + 1] = {b, n}
                    left = left - n
                  end
                end
                plans[res] = {list = list, takes = takes}
              end
            end
            if #short > 0 then
              done(now)
              return {'SHORT', short}
            end
            local taken = {}
            for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
              redis.call('HINCRBY', STOCK, 'held:' .. res, qty)
              local plan = plans[res]
              if plan and #plan.takes > 0 then
                for _, t in ipairs(plan.takes) do
                  t[1].held = t[1].held + t[2]
                  taken[#taken + 1] = res .. ' ' .. t[1].code .. ' ' .. t[1].exp .. ' ' .. int(t[2])
                end
                save_batches(res, plan.list)
              end
            end
            local takes = table.concat(taken, ' ')
            local expires = int(expires_us)
            redis.call('HSET', key, 'status', 'HELD', 'lines', lines, 'created', int(now), 'expires', expires)
            -- Only holds of batches and with freshness margins pay for these fields.
            if takes ~= '' then
              redis.call('HSET', key, 'takes', takes)
            end
            if ARGV[8] ~= '' then
              redis.call('HSET', key, 'fresh', ARGV[8])
            end
            redis.call('ZADD', DUE, expires, ARGV[5])
            record_hold('HELD', ARGV[5], lines, takes, now, int(now))
            wrote = true
            done(now)
            return {'HELD', {'HELD', lines, int(now), expires, '', takes, ARGV[8]}, levels_of(lines)}
            """);

    /** Sells a live hold. ARGV[5] id. Answers the hold as it is after the call, or {'UNKNOWN'}. */
    static final Script CONFIRM = Script.of("confirm", PRELUDE + """
            local now = take_now()
            sweep(now, REAP)
            local id = ARGV[5]
            local key = KEYS[5]
            local h = load(key, now)
            if not h then
              done(now)
              return {'UNKNOWN'}
            end
            settle(id, key, h, now)
            if h[1] == 'HELD' then
              for res, qty in string.gmatch(h[2], '(%S+) (%d+)') do
                redis.call('HINCRBY', STOCK, 'held:' .. res, '-' .. qty)
                redis.call('HINCRBY', STOCK, 'on:' .. res, '-' .. qty)
              end
              settle_takes(h[6], true)
              record_hold('SOLD', id, h[2], h[6], now, h[3])
              h[1] = 'CONFIRMED'
              h[5] = int(now)
              finish(id, key, h[1], h[5])
            end
            done(now)
            return reply(h)
            """);

    /** Gives a live hold's units back. ARGV[5] id. Answers the hold as it is after the call, or {'UNKNOWN'}. */
    static final Script RELEASE = Script.of("release", PRELUDE + """
            local now = take_now()
            sweep(now, REAP)
            local id = ARGV[5]
            local key = KEYS[5]
            local h = load(key, now)
            if not h then
              done(now)
              return {'UNKNOWN'}
            end
            settle(id, key, h, now)
            if h[1] == 'HELD' then
              for res, qty in string.gmatch(h[2], '(%S+) (%d+)') do
                redis.call('HINCRBY', STOCK, 'held:' .. res, '-' .. qty)
              end
              settle_takes(h[6], false)
              record_hold('RELEASED', id, h[2], h[6], now, h[3])
              h[1] = 'RELEASED'
              h[5] = int(now)
              finish(id, key, h[1], h[5])
            end
            done(now)
            return reply(h)
            """);

    /** The hold as it is now (expiry applied). ARGV[5] id. Answers the hold, or {} when unknown. */
    static final Script FIND = Script.of("find", PRELUDE + """
            local now = take_now()
            sweep(now, REAP)
            local key = KEYS[5]
            local h = load(key, now)
            if not h then
              done(now)
              return {}
            end
            settle(ARGV[5], key, h, now)
            done(now)
            return reply(h)
            """);

    /** Counters, every due hold expired first. ARGV[5..] resources. Answers on, held, expired per resource. */
    static final Script LEVELS = Script.of("levels", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local out = {}
            for i = 5, #ARGV do
              local on, held, expired = level(ARGV[i])
              out[#out + 1] = on
              out[#out + 1] = held
              out[#out + 1] = expired
            end
            done(now)
            return out
            """);

    /**
     * A receipt, adjustment, restock or return, once per movement id. ARGV[5] resource, ARGV[6] kind, ARGV[7]
     * delta, ARGV[8] the most units a counter may hold, ARGV[9] the batch's code or '', ARGV[10] its expiry in ns
     * or '', ARGV[11] the movement type to record, ARGV[12] the movement id, ARGV[13] the actor ('' for the
     * system), ARGV[14] the reason. An applied change is recorded in the ledger; a repeat or a refusal is not.
     * Answers {'APPLIED', on, held, expired}, {'REPEAT', on, held, expired}, {'REJECTED', on, held, expired,
     * cause, units after, units held} or {'CONFLICT'}. The checks come in the order of the in-memory lock, so
     * that both refuse a change for the same cause: the unit limit, then the units the change draws on (those
     * without a batch, or the named batch), then the batch's code and expiry.
     */
    static final Script APPLY = Script.of("apply", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local key = KEYS[5]
            local res = ARGV[5]
            local kind = ARGV[6]
            local code = ARGV[9]
            local bexp = ARGV[10]
            local batch = ''
            if code ~= '' then
              batch = code .. ' ' .. bexp
            end
            local m = redis.call('HMGET', key, 'resource', 'kind', 'delta', 'at', 'batch')
            if m[1] and num(m[4]) + RETENTION < now then
              redis.call('DEL', key)
              wrote = true
              m[1] = false
            end
            if m[1] then
              done(now)
              if m[1] ~= res or m[2] ~= kind or m[3] ~= ARGV[7] or (m[5] or '') ~= batch then
                return {'CONFLICT'}
              end
              local on, held, expired = level(res)
              return {'REPEAT', on, held, expired}
            end
            local on, held = counters(res)
            local delta = tonumber(ARGV[7])
            local list = batches_of(res)
            local i = nil
            if code ~= '' then
              i = find_batch(list, code)
            end
            local refusal, after, holding = nil, 0, 0
            if on + delta > tonumber(ARGV[8]) then
              refusal = 'ABOVE_LIMIT'
            elseif code == '' then
              -- Units without a batch: the totals less every batch's units.
              after, holding = on + delta, held
              for _, b in ipairs(list or {}) do
                after = after - b.on
                holding = holding - b.held
              end
              if after < holding or after < 0 then
                refusal = 'INSUFFICIENT_UNITS'
              end
            elseif kind == 'RECEIVE' then
              if i then
                refusal = 'DUPLICATE_BATCH'
              elseif tcmp(NOW_NS, bexp) >= 0 then
                refusal = 'BATCH_EXPIRED'
              end
            elseif i and list[i].exp ~= bexp then
              -- The code names a batch of another expiry (a code received again after the first batch was
              -- forgotten): units of one must never take the other's date.
              refusal = 'UNKNOWN_BATCH'
            elseif kind == 'ADJUST' then
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
              done(now)
              return {'REJECTED', on, held, expired_of(list), refusal, int(after), int(holding)}
            end
            redis.call('HINCRBY', STOCK, 'on:' .. res, ARGV[7])
            if code ~= '' then
              list = list or {}
              if i then
                list[i].on = list[i].on + delta
              else
                -- A receipt, or a restock into a batch the store has forgotten: it comes back as given.
                insert_batch(list, {code = code, exp = bexp, on = delta, held = 0})
              end
              save_batches(res, list)
              redis.call('HSET', key, 'resource', res, 'kind', kind, 'delta', ARGV[7], 'at', int(now), 'batch', batch)
            else
              redis.call('HSET', key, 'resource', res, 'kind', kind, 'delta', ARGV[7], 'at', int(now))
            end
            redis.call('PEXPIRE', key, RETENTION_MS)
            record(ARGV[11], res, delta, batch, ARGV[12], now, ARGV[13], ARGV[14])
            wrote = true
            done(now)
            return {'APPLIED', on + delta, held, expired_of(list)}
            """);

    /**
     * The batches of one SKU, every due hold expired first. ARGV[5] the resource. Answers code, expiry in ns,
     * on, held per batch, first expiry first; forgotten batches left out.
     */
    static final Script BATCHES = Script.of("batches", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local out = {}
            for _, b in ipairs(batches_of(ARGV[5]) or {}) do
              out[#out + 1] = b.code
              out[#out + 1] = b.exp
              out[#out + 1] = b.on
              out[#out + 1] = b.held
            end
            done(now)
            return out
            """);

    /**
     * Batches of every SKU of the store with units on hand expiring before ARGV[5] (ns), every due hold expired
     * first. Answers resource, code, expiry in ns, on, held per batch, in no particular order (the caller sorts).
     * Reads the store's whole batch hash: a report, not a per-order call.
     */
    static final Script BATCHES_EXPIRING = Script.of("batchesExpiring", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local out = {}
            if store_has_batches() then
              local all = redis.call('HGETALL', BATCHES)
              for i = 1, #all, 2 do
                for code, exp, on, held in string.gmatch(all[i + 1], '(%S+) (%S+) (%d+) (%d+)') do
                  if tonumber(on) > 0 and tcmp(exp, ARGV[5]) < 0 then
                    out[#out + 1] = all[i]
                    out[#out + 1] = code
                    out[#out + 1] = exp
                    out[#out + 1] = tonumber(on)
                    out[#out + 1] = tonumber(held)
                  end
                end
              end
            end
            done(now)
            return out
            """);

    /** Expires at most ARGV[5] due holds of the store. Answers {expired}. */
    static final Script EXPIRE_DUE = Script.of("expireDue", PRELUDE + """
            local now = take_now()
            local expired = sweep(now, tonumber(ARGV[5]))
            done(now)
            return {expired}
            """);

    /**
     * The counters of every resource of the store, every due hold expired first. Answers resource, on, held,
     * expired per resource, in no particular order. Reads the store's whole stock and batch hashes: a report,
     * not a per-order call.
     */
    static final Script ALL_LEVELS = Script.of("allLevels", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local expired = {}
            if store_has_batches() then
              local all = redis.call('HGETALL', BATCHES)
              for i = 1, #all, 2 do
                local sum = 0
                for _, exp, on in string.gmatch(all[i + 1], '(%S+) (%S+) (%d+) %d+') do
                  if tcmp(exp, NOW_NS) <= 0 then
                    sum = sum + tonumber(on)
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
            done(now)
            return out
            """);

    /**
     * The store's movements from ARGV[5] (ms) - ARGV[6] (sequence), inclusive, or from the oldest kept when
     * ARGV[5] is '', at most ARGV[7], every due hold expired (and recorded) first. Entries older than the
     * retention are left out even while trimming has not reached them, so that what a read returns does not
     * depend on how the stream's nodes happen to be cut. Answers the stream entries as XRANGE does.
     */
    static final Script MOVEMENTS = Script.of("movements", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local start = '-'
            local horizon = math.floor(now / 1000) - tonumber(RETENTION_MS)
            if ARGV[5] ~= '' then
              start = ARGV[5] .. '-' .. ARGV[6]
            end
            if horizon > 0 and (ARGV[5] == '' or tcmp(ARGV[5], int(horizon)) < 0) then
              start = int(horizon) .. '-0'
            end
            local out = redis.call('XRANGE', LEDGER, start, '+', 'COUNT', ARGV[7])
            done(now)
            return out
            """);

    /**
     * Replaces the store's counters, batches and live holds, in one step (the last step of a rebuild). Every
     * due hold is expired first, as any script does, so that a late confirm of it still answers Expired; then
     * every HELD hold is deleted (finished holds and applied movement ids stay), every counter and batch list
     * is replaced, and the given holds are written HELD and indexed; those already due expire at once (and are
     * recorded EXPIRED at their expiry instant, the only movements a restore records).
     *
     * <p>ARGV[5] counters, "res on held ..." (held: the units the given holds take); ARGV[6] the number k of
     * resources with batches; ARGV[7..6+2k] per such resource, its key and its batch list as stored ("code ns
     * on held ...", first expiry first); then six arguments per hold: id, created (µs), expires (µs), lines,
     * takes and freshness as a reserve stores them. Answers {'RESTORED', holds written}.
     */
    static final Script RESTORE = Script.of("restore", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            for _, id in ipairs(redis.call('ZRANGE', DUE, 0, -1)) do
              local key = HOLD .. id
              if redis.call('HGET', key, 'status') == 'HELD' then
                redis.call('DEL', key)
              end
            end
            redis.call('DEL', DUE)
            -- Every counter goes; the store's own fields ('.now') stay.
            local fields = redis.call('HKEYS', STOCK)
            local gone = {}
            for _, f in ipairs(fields) do
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
            redis.call('DEL', BATCHES)
            any_batches = false
            for res, on, held in string.gmatch(ARGV[5], '(%S+) (%d+) (%d+)') do
              redis.call('HSET', STOCK, 'on:' .. res, on)
              if held ~= '0' then
                redis.call('HSET', STOCK, 'held:' .. res, held)
              end
            end
            local k = tonumber(ARGV[6])
            for i = 0, k - 1 do
              local list = {}
              for code, exp, on, held in string.gmatch(ARGV[8 + 2 * i], '(%S+) (%S+) (%d+) (%d+)') do
                list[#list + 1] = {code = code, exp = exp, on = tonumber(on), held = tonumber(held)}
              end
              save_batches(ARGV[7 + 2 * i], list)
            end
            local holds = 0
            for i = 7 + 2 * k, #ARGV, 6 do
              local id = ARGV[i]
              local key = HOLD .. id
              redis.call('DEL', key)
              redis.call('HSET', key, 'status', 'HELD', 'lines', ARGV[i + 3], 'created', ARGV[i + 1],
                'expires', ARGV[i + 2])
              if ARGV[i + 4] ~= '' then
                redis.call('HSET', key, 'takes', ARGV[i + 4])
              end
              if ARGV[i + 5] ~= '' then
                redis.call('HSET', key, 'fresh', ARGV[i + 5])
              end
              redis.call('ZADD', DUE, ARGV[i + 2], id)
              holds = holds + 1
            end
            wrote = true
            sweep_all(now)
            done(now)
            return {'RESTORED', holds}
            """);

    static final List<Script> ALL = List.of(
            RESERVE,
            CONFIRM,
            RELEASE,
            FIND,
            LEVELS,
            APPLY,
            BATCHES,
            BATCHES_EXPIRING,
            EXPIRE_DUE,
            ALL_LEVELS,
            MOVEMENTS,
            RESTORE);

    private static String sha1Hex(String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
