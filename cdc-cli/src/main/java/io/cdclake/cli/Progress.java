package io.cdclake.cli;

import io.cdclake.iceberg.PipelineCounters;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The progress line of {@code ingest} on stderr: events, events per second, tables, commits. On a
 * terminal one line is rewritten in place every second; otherwise (forced with {@code --progress})
 * a plain line every ten seconds, so logs stay readable. Called from the ingest loop, so it never
 * touches the pipeline from another thread.
 */
final class Progress {
  private final PrintStream err;
  private final boolean enabled;
  private final boolean terminal;
  private final long intervalNanos;
  private final long start = System.nanoTime();
  private long next;
  private long lastEvents;
  private long lastAt = start;
  private boolean shown;

  Progress(PrintStream err, boolean enabled, boolean terminal) {
    this(err, enabled, terminal, terminal ? 1_000_000_000L : 10_000_000_000L);
  }

  Progress(PrintStream err, boolean enabled, boolean terminal, long intervalNanos) {
    this.err = err;
    this.enabled = enabled;
    this.terminal = terminal;
    this.intervalNanos = intervalNanos;
    this.next = start + intervalNanos;
  }

  /** Whether stderr is a terminal: the launcher says so ({@code CDC_LAKE_STDERR_TTY}), else a console is attached. */
  static boolean stderrIsTerminal() {
    String v = System.getenv("CDC_LAKE_STDERR_TTY");
    if (v != null) {
      return v.equals("1") || v.equalsIgnoreCase("true");
    }
    return System.console() != null;
  }

  /** Cheap when not due: one clock read. */
  void tick(Supplier<PipelineCounters> counters, IntSupplier tables) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now < next) {
      return;
    }
    next = now + intervalNanos;
    PipelineCounters c = counters.get();
    long events = c.events();
    double rate = (events - lastEvents) / Math.max(1e-9, (now - lastAt) / 1e9);
    lastEvents = events;
    lastAt = now;
    String line = String.format(Locale.ROOT, "cdc-lake ingest: %,d events, %,.0f events/s, %d %s, %d %s, %.0f s", events, rate,
        tables.getAsInt(), tables.getAsInt() == 1 ? "table" : "tables", c.commits(), c.commits() == 1 ? "commit" : "commits",
        (now - start) / 1e9);
    if (terminal) {
      err.print("\r" + line + "\u001b[K");
      shown = true;
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Clears the rewritten line before other output. */
  void clear() {
    if (shown) {
      err.print("\r\u001b[K");
      err.flush();
      shown = false;
    }
  }
}
