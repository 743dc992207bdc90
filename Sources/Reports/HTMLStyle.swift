/// The page shell shared by the run report and the comparison: one inline stylesheet, no external resource.
enum HTMLStyle {
    /// A complete HTML document around `body`.
    static func page(title: String, body: String) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"generator\" content=\"crmbench\">\n"
        out += "<title>\(Markup.escape(title))</title>\n<style>\n\(css)</style>\n</head>\n<body>\n<main>\n"
        out += body
        out += "</main>\n</body>\n</html>\n"
        return out
    }

    static let css = """
    :root { --fg: #1d2330; --muted: #5b6475; --line: #dfe3ea; --bg: #f6f7f9; --good: #137333; --bad: #b3261e; --warn: #8a5a00; }
    * { box-sizing: border-box; }
    body { margin: 0; background: var(--bg); color: var(--fg);
      font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
    main { max-width: 1120px; margin: 0 auto; padding: 24px 28px 48px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
    p.sub { color: var(--muted); margin: 0 0 16px; overflow-wrap: anywhere; }
    code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
    .banner { border-radius: 8px; padding: 12px 16px; margin: 12px 0; font-weight: 600; }
    .banner.bad { background: #fce8e6; color: var(--bad); border: 1px solid #f4b8b2; }
    .banner.warn { background: #fef3d6; color: var(--warn); border: 1px solid #f2d48a; }
    .banner.good { background: #e6f4ea; color: var(--good); border: 1px solid #a8dab5; }
    .banner ul { margin: 6px 0 0; padding-left: 20px; font-weight: 400; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; margin: 16px 0; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
    .card .label { color: var(--muted); font-size: 13px; }
    .card .value { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
    figure.chart { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 14px 0; padding: 12px 14px 8px; }
    figcaption { font-weight: 600; margin-bottom: 4px; }
    svg.chart-svg { width: 100%; height: auto; display: block; font-size: 12px; }
    svg .grid line { stroke: #eceff3; stroke-width: 1; }
    svg .axis { stroke: #9aa3b2; stroke-width: 1; }
    svg .ticks text { fill: var(--muted); }
    svg .ticks line { stroke: #9aa3b2; }
    svg .ticks.y text { text-anchor: end; }
    svg .ticks.x text { text-anchor: middle; }
    svg .axis-title { fill: var(--fg); text-anchor: middle; font-size: 13px; }
    svg path.line { fill: none; stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
    svg path.line.dashed { stroke-dasharray: 5 4; stroke-width: 1.5; }
    svg rect.band { fill: #f3f5f9; }
    svg rect.band.alt { fill: #e8ecf3; }
    svg .band-edge { stroke: #c4cad6; stroke-width: 1; stroke-dasharray: 2 3; }
    svg .band-label { fill: var(--muted); text-anchor: middle; font-size: 11px; }
    svg path.spike { fill: var(--bad); }
    svg .spike-label { fill: var(--bad); font-size: 11px; font-weight: 600; }
    .chart-note { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
    .chart-note ul { margin: 2px 0 0; padding-left: 20px; columns: 2; }
    .cards.levels .card .value { font-size: 17px; }
    .card .detail { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
    .legend { display: flex; flex-wrap: wrap; gap: 4px 18px; font-size: 13px; color: var(--muted); margin-top: 4px; }
    .legend span { display: inline-flex; align-items: center; gap: 6px; }
    .swatch { display: inline-block; width: 22px; border-top: 3px solid; }
    .swatch.dashed { border-top-style: dashed; }
    .swatch.block { width: 14px; border-top-width: 12px; }
    table.narrow { width: auto; min-width: 420px; }
    .empty { color: var(--muted); font-style: italic; }
    table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); margin: 8px 0 4px;
      font-size: 14px; font-variant-numeric: tabular-nums; }
    th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    th { background: #f0f2f5; font-weight: 600; white-space: nowrap; }
    td.num, th.num { text-align: right; white-space: nowrap; }
    td.name { overflow-wrap: anywhere; }
    tbody tr:nth-child(even) { background: #fafbfc; }
    .good { color: var(--good); font-weight: 600; }
    .bad { color: var(--bad); font-weight: 600; }
    .warn { color: var(--warn); }
    .neutral { color: var(--muted); }
    dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
    dl.meta dt { color: var(--muted); }
    dl.meta dd { margin: 0; overflow-wrap: anywhere; }
    footer { margin-top: 40px; color: var(--muted); font-size: 13px; }

    """
}
