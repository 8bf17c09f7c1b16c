package io.cloudpedia.cli.local;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The start-up display: one line per cluster. On a terminal the lines are redrawn in place; otherwise a cluster's
 * line is printed when its state changes (a type's initial list done, a failure) and at most every 5 s while it
 * lists, so logs and scripts stay readable.
 */
final class Progress {
  private static final long PLAIN_INTERVAL_MS = 5_000;

  /** One cluster's state: its line, and what counts as a change worth a plain line. */
  record Row(String cluster, String text, String milestone) {}

  private final PrintWriter out;
  private final boolean terminal;
  private int drawn;
  private final Map<String, String> lastMilestone = new HashMap<>();
  private final Map<String, Long> lastPrinted = new HashMap<>();
  private final Map<String, String> lastText = new HashMap<>();

  Progress(PrintWriter out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  synchronized void show(List<Row> rows) {
    if (terminal) {
      clear();
      for (Row row : rows) {
        out.println(row.text());
      }
      drawn = rows.size();
      out.flush();
      return;
    }
    long now = System.currentTimeMillis();
    for (Row row : rows) {
      boolean changed = !row.milestone().equals(lastMilestone.get(row.cluster()));
      boolean due = now - lastPrinted.getOrDefault(row.cluster(), 0L) >= PLAIN_INTERVAL_MS;
      if (changed || (due && !row.text().equals(lastText.get(row.cluster())))) {
        out.println(row.text());
        lastPrinted.put(row.cluster(), now);
        lastText.put(row.cluster(), row.text());
        lastMilestone.put(row.cluster(), row.milestone());
      }
    }
    out.flush();
  }

  /** Takes these rows as already shown: later calls print only what changes. */
  synchronized void remember(List<Row> rows) {
    long now = System.currentTimeMillis();
    for (Row row : rows) {
      lastMilestone.put(row.cluster(), row.milestone());
      lastText.put(row.cluster(), row.text());
      lastPrinted.put(row.cluster(), now);
    }
  }

  /** A line below the display, which stays as it is. */
  synchronized void line(String text) {
    drawn = 0;
    out.println(text);
    out.flush();
  }

  private void clear() {
    for (int i = 0; i < drawn; i++) {
      out.print("\033[1A\033[2K");
    }
    drawn = 0;
  }
}
