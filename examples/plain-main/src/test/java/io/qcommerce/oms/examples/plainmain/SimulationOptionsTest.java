package io.qcommerce.oms.examples.plainmain;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the URIs come from: a flag wins over the environment, and neither means in memory. */
class SimulationOptionsTest {
    private static final String REDIS_A = "redis://127.0.0.1:6379";
    private static final String REDIS_B = "redis://127.0.0.1:6380/2";
    private static final String MONGO_A = "mongodb://127.0.0.1:27017/oms_example";
    private static final String MONGO_B = "mongodb://127.0.0.1:27018";
    private static final Map<String, String> ENV = Map.of(
            SimulationOptions.REDIS_URI_ENV, REDIS_A,
            SimulationOptions.MONGO_URI_ENV, MONGO_A);

    @Test
    void withoutFlagsOrEnvironmentEverythingIsInMemory() {
        SimulationOptions o = SimulationOptions.parse(Map.of());
        assertThat(o.redis()).isEmpty();
        assertThat(o.mongo()).isEmpty();
        assertThat(o.keepData()).isFalse();
        assertThat(o).isEqualTo(SimulationOptions.defaults());
        // Set but blank is not set.
        assertThat(SimulationOptions.parse(Map.of(SimulationOptions.REDIS_URI_ENV, " ",
                SimulationOptions.MONGO_URI_ENV, "")).redis()).isEmpty();
    }

    @Test
    void theEnvironmentIsReadWhenNoFlagIsGiven() {
        SimulationOptions o = SimulationOptions.parse(ENV, "--customers", "10");
        assertThat(o.redisUri()).isEqualTo(REDIS_A);
        assertThat(o.mongoUri()).isEqualTo(MONGO_A);
        assertThat(SimulationOptions.parse(Map.of(SimulationOptions.MONGO_URI_ENV, MONGO_A)).redis()).isEmpty();
        assertThat(SimulationOptions.parse(Map.of(SimulationOptions.REDIS_URI_ENV, REDIS_A)).mongo()).isEmpty();
    }

    @Test
    void aFlagWinsOverTheEnvironmentEachOnItsOwn() {
        SimulationOptions redisFlag = SimulationOptions.parse(ENV, "--redis-uri", REDIS_B);
        assertThat(redisFlag.redisUri()).isEqualTo(REDIS_B);
        assertThat(redisFlag.mongoUri()).isEqualTo(MONGO_A);

        SimulationOptions mongoFlag = SimulationOptions.parse(ENV, "--mongo-uri=" + MONGO_B);
        assertThat(mongoFlag.redisUri()).isEqualTo(REDIS_A);
        assertThat(mongoFlag.mongoUri()).isEqualTo(MONGO_B);

        SimulationOptions both = SimulationOptions.parse(ENV, "--mongo-uri", MONGO_B, "--redis-uri=" + REDIS_B,
                "--keep-data", "--threads", "2");
        assertThat(both).isEqualTo(new SimulationOptions(2000, 2, 42, REDIS_B, MONGO_B, true));
    }

    @Test
    void flagsWithoutEnvironmentAndTheOtherWayRound() {
        assertThat(SimulationOptions.parse(Map.of(), "--redis-uri", REDIS_A))
                .isEqualTo(new SimulationOptions(2000, 8, 42, REDIS_A, null, false));
        assertThat(SimulationOptions.parse(Map.of(), "--mongo-uri", MONGO_A))
                .isEqualTo(new SimulationOptions(2000, 8, 42, null, MONGO_A, false));
        // parse(String...) reads no environment at all.
        assertThat(SimulationOptions.parse("--seed", "1").redis()).isEmpty();
    }

    @Test
    void badUrisAreUsageErrorsWhereverTheyComeFrom() {
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--redis-uri", "http://127.0.0.1"))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessageContaining("Redis URI is not valid");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(SimulationOptions.MONGO_URI_ENV, "mongo://x")))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessageContaining("MongoDB URI is not valid");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--mongo-uri", "mongodb://127.0.0.1/bad%20name"))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessageContaining("databaseName");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--mongo-uri="))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessage("--mongo-uri needs a value");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--redis-uri"))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessage("--redis-uri needs a value");
        // A flag that fixes a bad environment value is fine: the flag wins before anything is checked.
        assertThat(SimulationOptions.parse(Map.of(SimulationOptions.REDIS_URI_ENV, "nonsense"), "--redis-uri", REDIS_A)
                .redisUri()).isEqualTo(REDIS_A);
    }

    @Test
    void theLossOfTheLocksDataIsOnByDefaultAndCanBeMovedOrTurnedOff() {
        assertThat(SimulationOptions.parse(Map.of()).loseStockAt()).isEqualTo(LocalTime.of(10, 0));
        assertThat(SimulationOptions.parse(Map.of(), "--lose-stock-at", "08:15").loseStockAt())
                .isEqualTo(LocalTime.of(8, 15));
        assertThat(SimulationOptions.parse(Map.of(), "--lose-stock-at=NONE").loseStockAt()).isNull();
        assertThat(SimulationOptions.parse(Map.of(), "--lose-stock-at", "none").lossAt()).isEmpty();
        assertThat(SimulationOptions.parse(Map.of(), "--lose-stock-at", "07:00", "--lose-stock-at", "11:00")
                .loseStockAt()).isEqualTo(LocalTime.of(11, 0));
        assertThat(new SimulationOptions(10, 1, 1).withLossAt(null).withStorage(null, null).loseStockAt()).isNull();
        assertThat(SimulationOptions.parse(Map.of(), "--lose-stock-at", "none").toString()).contains("loseStockAt=none");

        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--lose-stock-at", "10"))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessageContaining("like 10:00, or none");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--lose-stock-at", "06:59"))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessageContaining("from 07:00 to 11:00");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--lose-stock-at", "11:01"))
                .isInstanceOf(SimulationOptions.UsageException.class);
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--lose-stock-at", "10:00:30"))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessageContaining("whole minute");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--lose-stock-at"))
                .isInstanceOf(SimulationOptions.UsageException.class).hasMessage("--lose-stock-at needs a value");
    }

    @Test
    void passwordsAreNeverPrinted() {
        SimulationOptions o = SimulationOptions.parse(Map.of(), "--redis-uri", "redis://:s3cret@127.0.0.1:6379/1",
                "--mongo-uri", "mongodb://asha:s3cret@127.0.0.1:27017/shop?authSource=admin");
        assertThat(o.toString()).doesNotContain("s3cret").contains("127.0.0.1:6379/1", "127.0.0.1:27017/shop");
        assertThatThrownBy(() -> SimulationOptions.parse(Map.of(), "--mongo-url=mongodb://asha:s3cret@127.0.0.1"))
                .hasMessageNotContaining("s3cret");
        assertThat(Storage.describeMongo("mongodb://asha:s3cret@127.0.0.1")).isEqualTo("127.0.0.1/oms_example");
    }

    @Test
    void theMainExitsWithTwoOnABadUriInTheEnvironment() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        int status = DarkStoreMorning.run(quiet, new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(SimulationOptions.REDIS_URI_ENV, "http://127.0.0.1:6379"));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Redis URI is not valid", "usage:");
    }
}
