package dev.senderdomain.operator.report.dashboard;

/**
 * The dashboard's style sheet, inlined into the page (no external asset: clusters often have no
 * internet).
 */
final class DashboardCss {
  private DashboardCss() {}

  static final String CSS =
      """
      :root{--fg:#1d2330;--muted:#6b7280;--line:#e3e6eb;--bg:#f6f7f9;--ok:#1a7f37;--warn:#b26b00;--bad:#c4302b}
      *{box-sizing:border-box}body{margin:0;font:14px/1.45 "DejaVu Sans",system-ui,sans-serif;color:var(--fg);
      background:var(--bg)}header{background:#1d2330;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
      header p{margin:2px 0 0;color:#c9ced8;font-size:12px}main{padding:16px 24px;max-width:1240px}
      section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:0 0 18px}
      h2{margin:0 0 10px;font-size:18px}h2 small{color:var(--muted);font-weight:normal;font-size:13px}
      h3{margin:16px 0 6px;font-size:14px}table{border-collapse:collapse;width:100%;font-size:13px}
      th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
      th{color:var(--muted);font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
      td.org{max-width:420px;overflow-wrap:anywhere}
      code{font:12px "DejaVu Sans Mono",monospace;overflow-wrap:anywhere}
      .cards{display:flex;flex-wrap:wrap;gap:10px}.card{border:1px solid var(--line);border-radius:6px;
      padding:8px 12px;min-width:150px}.card .label{color:var(--muted);font-size:12px}.card .value{font-size:18px}
      .record span{color:var(--muted)}.gate{padding:6px 10px;border-radius:6px}.gate.open{background:#e9f6ec}
      .gate.held{background:#fdecea}tr.current td{background:#fff6d6;font-weight:600}tr.done td{color:var(--muted)}
      .badge{display:inline-block;padding:0 7px;border-radius:9px;font-size:12px;color:#fff}
      .badge.expected{background:var(--ok)}.badge.forwarder{background:var(--warn)}.badge.unknown{background:var(--bad)}
      .muted{color:var(--muted)}.notice{background:#fdecea;padding:8px 12px;border-radius:6px}
      svg.chart{width:100%;max-width:1000px;height:auto}
      svg .grid{stroke:var(--line)}svg .axis{fill:var(--muted);font-size:10px}
      svg .volume{fill:#d5dae3}svg .rate{fill:none;stroke:#2563eb;stroke-width:2}svg .dot{fill:#2563eb}
      svg .dot.low{fill:var(--bad)}svg .threshold{stroke:var(--bad);stroke-dasharray:5 4}
      svg .empty{fill:var(--muted);font-size:14px}
      nav.crumbs{padding:8px 24px;background:#fff;border-bottom:1px solid var(--line)}
      nav.crumbs a{color:#2563eb}a{color:#2563eb;text-decoration:none}a:hover{text-decoration:underline}
      form.range{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 14px;font-size:13px}
      form.range b.on{background:#1d2330;color:#fff;padding:1px 8px;border-radius:9px}
      form.range input{font:inherit}a.csv{font-size:11px;font-weight:normal;margin-left:6px}
      .fix{background:#fff6d6;padding:6px 10px;border-radius:6px}
      main>h2,main>h3,main>table,main>p,main>div.cards,main>svg{background:#fff}
      main table{margin-bottom:6px}td{max-width:360px;overflow-wrap:anywhere}
      #records td:nth-child(1),#records td:nth-child(4),#reports td:nth-child(-n+2){white-space:nowrap}
      """;
}
