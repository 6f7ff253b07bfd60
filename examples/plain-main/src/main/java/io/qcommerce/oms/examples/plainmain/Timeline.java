package io.qcommerce.oms.examples.plainmain;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What happens at each minute of the simulated morning. Steps running at one minute schedule their
 * follow-ups (pay in three minutes, pack in two) for later minutes, from many threads at once.
 *
 * <p>A step can only be scheduled for a minute after the one being run: the clock stands still while a
 * minute's steps run, so anything "now" would have to have been part of the minute's batch already.
 */
final class Timeline {
    /** One thing to do at a minute; it is told which minute it runs at. */
    @FunctionalInterface
    interface Step {
        void run(int minute);
    }

    private final ConcurrentSkipListMap<Integer, Queue<Step>> byMinute = new ConcurrentSkipListMap<>();
    private volatile int running = -1;

    void at(int minute, Step step) {
        if (minute <= running) {
            throw new IllegalArgumentException("minute " + minute + " is not after the running minute " + running);
        }
        byMinute.computeIfAbsent(minute, m -> new ConcurrentLinkedQueue<>()).add(step);
    }

    /** Marks {@code minute} as running and takes its steps, in the order they were scheduled. */
    List<Step> start(int minute) {
        running = minute;
        Queue<Step> due = byMinute.remove(minute);
        return due == null ? List.of() : new ArrayList<>(due);
    }

    boolean isEmpty() {
        return byMinute.isEmpty();
    }
}
