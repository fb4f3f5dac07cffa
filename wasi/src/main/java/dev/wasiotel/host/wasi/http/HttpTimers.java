package dev.wasiotel.host.wasi.http;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The one timer thread of the {@code wasi:http} timeouts that {@code java.net.http} does not have (between bytes). */
final class HttpTimers {
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private HttpTimers() {
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "wasi-http-timeouts");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true); // a cancelled timeout leaves nothing behind
        return t;
    }

    /** Runs {@code task} after {@code delay} (a task must be short: it only flags and signals). */
    static ScheduledFuture<?> after(Duration delay, Runnable task) {
        return TIMERS.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }
}
