package dev.senderdomain.operator.report.dashboard;

import dev.senderdomain.operator.report.DailyPassRate;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pass-rate-over-time chart as inline SVG: one bar per UTC day for the message volume (grey,
 * scaled to the busiest day), a line for the DMARC pass rate (0..100%), and the gate's minimum as a
 * dashed line. No script, no external asset; each day has a {@code <title>} so hovering shows the
 * numbers.
 */
final class PassRateChart {
  static final int WIDTH = 760;
  static final int HEIGHT = 220;
  private static final int LEFT = 44;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 28;

  private PassRateChart() {}

  static String svg(List<DailyPassRate> days, LocalDate from, LocalDate to, Double threshold) {
    int n = (int) ChronoUnit.DAYS.between(from, to) + 1;
    Map<LocalDate, DailyPassRate> byDay = new HashMap<>();
    long max = 1;
    for (DailyPassRate d : days) {
      byDay.put(d.day(), d);
      max = Math.max(max, d.messages());
    }
    double plotW = WIDTH - LEFT - RIGHT;
    double plotH = HEIGHT - TOP - BOTTOM;
    double slot = plotW / n;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %d %d\" width=\"%d\""
                + " height=\"%d\"><title>DMARC pass rate per day</title>",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT));
    for (int pct = 0; pct <= 100; pct += 25) {
      double y = TOP + plotH * (1 - pct / 100.0);
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
                  + "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>",
              LEFT,
              WIDTH - RIGHT,
              y,
              y,
              LEFT - 6,
              y + 4,
              pct));
    }
    StringBuilder line = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    for (int i = 0; i < n; i++) {
      LocalDate day = from.plusDays(i);
      double x = LEFT + i * slot;
      DailyPassRate d = byDay.get(day);
      if (d != null && d.messages() > 0) {
        double h = plotH * d.messages() / max;
        double rate = d.passRate();
        double cx = x + slot / 2;
        double cy = TOP + plotH * (1 - rate / 100);
        s.append(
            String.format(
                Locale.ROOT,
                "<rect class=\"volume\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                    + " height=\"%.1f\"><title>%s: %s messages, %s pass</title></rect>",
                x + 1,
                TOP + plotH - h,
                Math.max(1, slot - 2),
                h,
                day,
                Html.number(d.messages()),
                Html.percent(rate)));
        line.append(line.length() == 0 ? "M" : " L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", cx, cy));
        dots.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"dot%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"3\">"
                    + "<title>%s: %s pass</title></circle>",
                threshold != null && rate < threshold ? " low" : "",
                cx,
                cy,
                day,
                Html.percent(rate)));
      }
      if (i % 7 == 0 || (i == n - 1 && i % 7 >= 3)) {
        s.append(
            String.format(
                Locale.ROOT,
                "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s" + "</text>",
                x + slot / 2,
                HEIGHT - 8,
                day.toString().substring(5)));
      }
    }
    if (threshold != null) {
      double y = TOP + plotH * (1 - threshold / 100);
      s.append(
          String.format(
              Locale.ROOT,
              "<line class=\"threshold\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\">"
                  + "<title>gate minimum %s</title></line>",
              LEFT,
              WIDTH - RIGHT,
              y,
              y,
              Html.percent(threshold)));
    }
    if (line.length() > 0) {
      s.append("<path class=\"rate\" d=\"").append(line).append("\"/>");
    }
    s.append(dots);
    if (days.isEmpty()) {
      s.append(
          String.format(
              Locale.ROOT,
              "<text class=\"empty\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">"
                  + "no reports yet</text>",
              WIDTH / 2,
              HEIGHT / 2));
    }
    return s.append("</svg>").toString();
  }
}
