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
 * KEYS[3] the hold or movement, if any      ARGV[3] reap batch size
 *                                           ARGV[4] the key prefix of the store's holds
 *                                           ARGV[5..] the operation's own arguments
 * </pre>
 *
 * <p>What every script does first: it takes "now" (never earlier than the latest instant a write of the store
 * used, so a clock that steps back cannot revive an expired hold) and expires due holds of its store from the
 * due index: every one of them for the scripts whose answer includes counters (reserve, levels, apply), a
 * batch for the others, which check the one hold they touch against its expiry themselves. Expiring a hold
 * gives its units back and records it EXPIRED at its expiry instant.
 *
 * <p>After that sweep (which is right whatever follows), each script reads and checks everything before its
 * first write of its own, and refusals (conflict, shortfall, rejection, unknown id) write nothing of their own:
 * an error cannot stop a script halfway through its writes, and Redis refuses a script for memory only at
 * its first write. A repeat of any call with the same id finds the record
 * the first call left and answers from it: this is what makes a timed-out call, a client retry, and
 * Lettuce's replay of commands after a reconnect harmless.
 *
 * <p>Numbers: times are µs since the epoch (about 1.7e15, exact in Lua's doubles below 2^53), units are at
 * most {@code Limits.MAX_UNITS}; numbers are turned into strings with {@code %d} before they reach Redis.
 */
final class LuaScripts {
    private LuaScripts() {
    }

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
            local RETENTION_MS = ARGV[2]
            local RETENTION = tonumber(ARGV[2]) * 1000
            local BATCH = tonumber(ARGV[3])
            local HOLD = ARGV[4]
            local LAST = 0
            local wrote = false

            local function num(v)
              return tonumber(v) or 0
            end

            local function int(n)
              return string.format('%d', n)
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

            local function levels_of(lines)
              local out = {}
              for res in string.gmatch(lines, '(%S+) %d+') do
                local on, held = counters(res)
                out[#out + 1] = on
                out[#out + 1] = held
              end
              return out
            end

            local function finish(id, key, status, at)
              redis.call('HSET', key, 'status', status, 'finished', at)
              redis.call('PEXPIRE', key, RETENTION_MS)
              redis.call('ZREM', DUE, id)
              wrote = true
            end

            local function expire_hold(id, key, lines, expires)
              for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
                redis.call('HINCRBY', STOCK, 'held:' .. res, '-' .. qty)
              end
              finish(id, key, 'EXPIRED', expires)
            end

            -- Expires at most limit due holds; returns how many it expired and how many index entries it saw.
            local function sweep(now, limit)
              local ids = redis.call('ZRANGEBYSCORE', DUE, '-inf', int(now), 'LIMIT', 0, limit)
              local expired = 0
              for _, id in ipairs(ids) do
                local key = HOLD .. id
                local h = redis.call('HMGET', key, 'status', 'lines', 'expires')
                if h[1] == 'HELD' then
                  expire_hold(id, key, h[2], h[3])
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
                local _, n = sweep(now, BATCH)
                seen = n
              until seen < BATCH
            end

            -- A hold as stored, or nil when unknown or finished longer ago than the retention.
            local function load(key, now)
              local h = redis.call('HMGET', key, 'status', 'lines', 'created', 'expires', 'finished')
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
              return {h[1], h[2], h[3], h[4], h[5] or ''}
            end

            -- Expires the hold if it is HELD and due: confirm, release and find must not wait for a sweep.
            local function settle(id, key, h, now)
              if h[1] == 'HELD' and now >= tonumber(h[4]) then
                expire_hold(id, key, h[2], h[4])
                h[1] = 'EXPIRED'
                h[5] = h[4]
              end
            end
            """;

    /**
     * Holds every line or none. ARGV[5] id, ARGV[6] ttl in µs, ARGV[7] lines ("type:id qty ..." sorted).
     * Answers {'HELD', hold, levels}, {'REPEAT', hold, levels}, {'SHORT', {res, available, ...}} or
     * {'CONFLICT'}; levels are on, held per line.
     */
    static final Script RESERVE = Script.of("reserve", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local key = KEYS[3]
            local lines = ARGV[7]
            local h = load(key, now)
            if h then
              done(now)
              if h[2] ~= lines then
                return {'CONFLICT'}
              end
              return {'REPEAT', reply(h), levels_of(h[2])}
            end
            local short = {}
            for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
              local on, held = counters(res)
              if on - held < tonumber(qty) then
                short[#short + 1] = res
                short[#short + 1] = on - held
              end
            end
            if #short > 0 then
              done(now)
              return {'SHORT', short}
            end
            for res, qty in string.gmatch(lines, '(%S+) (%d+)') do
              redis.call('HINCRBY', STOCK, 'held:' .. res, qty)
            end
            local expires = int(now + tonumber(ARGV[6]))
            redis.call('HSET', key, 'status', 'HELD', 'lines', lines, 'created', int(now), 'expires', expires)
            redis.call('ZADD', DUE, expires, ARGV[5])
            wrote = true
            done(now)
            return {'HELD', {'HELD', lines, int(now), expires, ''}, levels_of(lines)}
            """);

    /** Sells a live hold. ARGV[5] id. Answers the hold as it is after the call, or {'UNKNOWN'}. */
    static final Script CONFIRM = Script.of("confirm", PRELUDE + """
            local now = take_now()
            sweep(now, BATCH)
            local id = ARGV[5]
            local key = KEYS[3]
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
            sweep(now, BATCH)
            local id = ARGV[5]
            local key = KEYS[3]
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
            sweep(now, BATCH)
            local key = KEYS[3]
            local h = load(key, now)
            if not h then
              done(now)
              return {}
            end
            settle(ARGV[5], key, h, now)
            done(now)
            return reply(h)
            """);

    /** Counters, every due hold expired first. ARGV[5..] resources. Answers on, held per resource. */
    static final Script LEVELS = Script.of("levels", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local out = {}
            for i = 5, #ARGV do
              local on, held = counters(ARGV[i])
              out[#out + 1] = on
              out[#out + 1] = held
            end
            done(now)
            return out
            """);

    /**
     * A receipt, adjustment or restock, once per movement id. ARGV[5] resource, ARGV[6] kind, ARGV[7] delta,
     * ARGV[8] the most units a counter may hold. Answers {'APPLIED', on, held}, {'REPEAT', on, held},
     * {'REJECTED', on, held, why} or {'CONFLICT'}.
     */
    static final Script APPLY = Script.of("apply", PRELUDE + """
            local now = take_now()
            sweep_all(now)
            local key = KEYS[3]
            local res = ARGV[5]
            local m = redis.call('HMGET', key, 'resource', 'kind', 'delta', 'at')
            if m[1] and num(m[4]) + RETENTION < now then
              redis.call('DEL', key)
              wrote = true
              m[1] = false
            end
            if m[1] then
              done(now)
              if m[1] ~= res or m[2] ~= ARGV[6] or m[3] ~= ARGV[7] then
                return {'CONFLICT'}
              end
              local on, held = counters(res)
              return {'REPEAT', on, held}
            end
            local on, held = counters(res)
            local after = on + tonumber(ARGV[7])
            if after < held or after < 0 then
              done(now)
              return {'REJECTED', on, held, 'on hand would be ' .. int(after) .. ' with ' .. int(held) .. ' units held'}
            end
            if after > tonumber(ARGV[8]) then
              done(now)
              return {'REJECTED', on, held, 'on hand would exceed ' .. ARGV[8]}
            end
            redis.call('HINCRBY', STOCK, 'on:' .. res, ARGV[7])
            redis.call('HSET', key, 'resource', res, 'kind', ARGV[6], 'delta', ARGV[7], 'at', int(now))
            redis.call('PEXPIRE', key, RETENTION_MS)
            wrote = true
            done(now)
            return {'APPLIED', after, held}
            """);

    /** Expires at most ARGV[5] due holds of the store. Answers {expired}. */
    static final Script EXPIRE_DUE = Script.of("expireDue", PRELUDE + """
            local now = take_now()
            local expired = sweep(now, tonumber(ARGV[5]))
            done(now)
            return {expired}
            """);

    static final List<Script> ALL = List.of(RESERVE, CONFIRM, RELEASE, FIND, LEVELS, APPLY, EXPIRE_DUE);

    private static String sha1Hex(String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
