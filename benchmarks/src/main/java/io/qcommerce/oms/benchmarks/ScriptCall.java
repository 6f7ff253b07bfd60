package io.qcommerce.oms.benchmarks;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.qcommerce.oms.catalog.SkuId;
import io.qcommerce.oms.error.OmsException;
import io.qcommerce.oms.inventory.HoldLine;
import io.qcommerce.oms.inventory.HoldRequest;
import io.qcommerce.oms.inventory.ReservationId;
import io.qcommerce.oms.redis.RedisInventoryLock;
import io.qcommerce.oms.store.StoreId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A script call exactly as the adapter sends it: the command (FCALL on Redis 7 and newer, EVALSHA on 6.2) and the
 * arguments after it (function name or digest, number of keys, keys, arguments). They are not rebuilt from the adapter's documentation but recorded from real calls through
 * a Lettuce {@link CommandListener}, so the ceiling follows the adapter when its scripts or key layout change.
 * The reservation id of the recorded call is a marker that {@link #with} swaps for other ids (concrete ones,
 * or {@code redis-benchmark}'s {@code __rand_int__} placeholders).
 */
record ScriptCall(String command, List<String> arguments) {
    /** The reservation id of recorded calls; no real id contains it. */
    static final String ID_MARKER = "IDMARKER0000000000000000";

    ScriptCall {
        arguments = List.copyOf(arguments);
    }

    /** The function's name (FCALL) or the script's digest (EVALSHA). */
    String name() {
        return arguments.get(0);
    }

    boolean isFunction() {
        return "FCALL".equals(command);
    }

    int keyCount() {
        return Integer.parseInt(arguments.get(1));
    }

    List<String> keys() {
        return arguments.subList(2, 2 + keyCount());
    }

    List<String> values() {
        return arguments.subList(2 + keyCount(), arguments.size());
    }

    /** This call with every argument passed through {@code change}. */
    ScriptCall with(UnaryOperator<String> change) {
        List<String> out = new ArrayList<>(arguments.size());
        for (String a : arguments) {
            out.add(change.apply(a));
        }
        return new ScriptCall(command, out);
    }

    /** The recorded reserve and confirm of one hold. */
    record Pair(ScriptCall reserve, ScriptCall confirm) {}

    /**
     * Records the EVALSHA of a reserve of the given SKUs (one unit each) and of its confirm, under the marker id,
     * on a client of its own. The calls really run (on whatever stock there is), so the caller empties the
     * database after.
     */
    static Pair record(RedisURI uri, int[] skus, Duration ttl) {
        List<ScriptCall> seen = Collections.synchronizedList(new ArrayList<>());
        RedisClient client = RedisClient.create(uri);
        client.addListener(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                ProtocolKeyword type = event.getCommand().getType();
                if (type == CommandType.EVALSHA || type == CommandType.FCALL) {
                    seen.add(new ScriptCall(
                            type.toString(), decode(event.getCommand().getArgs())));
                }
            }
        });
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            RedisInventoryLock lock = new RedisInventoryLock(c, AdapterContender.config());
            lock.start();
            StoreId store = StoreId.of(Scenario.STORE);
            List<HoldLine> lines = new ArrayList<>();
            for (int s : skus) {
                lines.add(HoldLine.of(SkuId.of(Scenario.skuId(s)), 1));
            }
            ReservationId id = ReservationId.of(ID_MARKER);
            seen.clear();
            lock.reserve(new HoldRequest(id, store, lines, ttl));
            ScriptCall reserve = last(seen, "reserve");
            seen.clear();
            try {
                lock.confirm(store, id);
            } catch (OmsException e) {
                // no stock was seeded, so there is no hold: the call is recorded all the same
            }
            ScriptCall confirm = last(seen, "confirm");
            return new Pair(reserve, confirm);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static ScriptCall last(List<ScriptCall> seen, String what) {
        if (seen.isEmpty()) {
            throw new IllegalStateException("the adapter's " + what + " sent no FCALL or EVALSHA; has it stopped"
                    + " calling scripts by name? The ceiling cannot be built");
        }
        ScriptCall call = seen.get(seen.size() - 1);
        if (!String.join(" ", call.arguments()).contains(ID_MARKER)) {
            throw new IllegalStateException("the adapter's " + what + " call does not carry the reservation id");
        }
        return call;
    }

    /** The arguments of a command as Lettuce writes them: RESP bulk strings, decoded back to text. */
    static List<String> decode(CommandArgs<?, ?> args) {
        ByteBuf buf = Unpooled.buffer();
        try {
            args.encode(buf);
            List<String> out = new ArrayList<>();
            while (buf.isReadable()) {
                byte type = buf.readByte();
                if (type != '$') {
                    throw new IllegalStateException("unexpected RESP type " + (char) type + " in an argument list");
                }
                int length = 0;
                byte b;
                while ((b = buf.readByte()) != '\r') {
                    length = length * 10 + (b - '0');
                }
                buf.readByte(); // \n
                out.add(buf.readCharSequence(length, StandardCharsets.UTF_8).toString());
                buf.skipBytes(2);
            }
            return out;
        } finally {
            buf.release();
        }
    }
}
