import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { directionOf, escapeHtml, textsIn, type Language } from '../../delivery/messages';
import type { AuditReport } from './audit-report';
import { reportMeasures, type ReportMeasure } from './report-measures';
import { kindTotals, measureLabels, periodText, sumBy } from './report-text';

echarts.use([BarChart, GridComponent, LegendComponent, SVGRenderer]);

const chartWidth = 960;
const chartHeight = 320;

/**
 * Nothing on the page may run or load: the charts are SVG drawn here, the styles inline. The policy says so to
 * the browser too, so a kiosk name or a detail that slipped past escaping still could not run a script.
 */
const contentPolicy = "default-src 'none'; style-src 'unsafe-inline'";

// A chart's time runs left to right in Arabic too: its SVG text must not take the page's direction.
const pageStyle = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;margin:0;background:#fff}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 8px}h2{font-size:1.2rem;margin:32px 0 8px}
p{margin:4px 0}.note{color:#444}.warn{color:#8a1c1c;font-weight:600}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #c8c8c8;padding:4px 8px;text-align:start}td.n{text-align:end}
figure{margin:0;direction:ltr}figure svg{max-width:100%;height:auto}
code{font-family:ui-monospace,Consolas,monospace}
@media print{section{break-inside:avoid}}
`;

/** The report as one self-contained page: a summary table, then per measure a chart by day and device and its kinds. */
export function reportHtml(report: AuditReport, language: Language, generatedAt: Date): string {
  const t = textsIn(language);
  const labels = measureLabels(language);
  const totals = sumBy(report.cells, (c) => `${c.measure}\u0000${c.kiosk}`);
  const measureTotal = sumBy(report.cells, (c) => c.measure);
  const cell = (n: number | undefined) => `<td class="n">${n ?? 0}</td>`;
  const kioskHeads = report.kiosks.map((k) => `<th scope="col">${escapeHtml(k)}</th>`).join('');

  const summary = [
    `<table><thead><tr><th scope="col">${escapeHtml(t('report.measureHeader'))}</th><th scope="col">${escapeHtml(t('report.total'))}</th>${kioskHeads}</tr></thead><tbody>`,
    ...reportMeasures.map(
      (m) => `<tr><th scope="row"><a href="#m-${m}">${escapeHtml(labels[m])}</a></th>${cell(measureTotal.get(m))}${report.kiosks.map((k) => cell(totals.get(`${m}\u0000${k}`))).join('')}</tr>`,
    ),
    '</tbody></table>',
  ].join('\n');

  const sections = reportMeasures.map((m) => {
    const kinds = kindTotals(report, m);
    const kindRows = [...kinds].map(
      ([kind, byKiosk]) => `<tr><th scope="row"><code>${escapeHtml(kind || '—')}</code></th>${cell([...byKiosk.values()].reduce((a, b) => a + b, 0))}${report.kiosks.map((k) => cell(byKiosk.get(k))).join('')}</tr>`,
    );
    const kindTable = kindRows.length
      ? `<table><caption>${escapeHtml(t('report.byKind'))}</caption><thead><tr><th scope="col">${escapeHtml(t('report.kind'))}</th><th scope="col">${escapeHtml(t('report.total'))}</th>${kioskHeads}</tr></thead><tbody>${kindRows.join('')}</tbody></table>`
      : '';
    return [
      `<section class="measure" id="m-${m}" data-measure="${m}" aria-labelledby="h-${m}">`,
      `<h2 id="h-${m}">${escapeHtml(labels[m])} <span class="note">(${measureTotal.get(m) ?? 0})</span></h2>`,
      `<figure role="img" aria-label="${escapeHtml(`${labels[m]} — ${t('report.perDay')}`)}">${chartSvg(report, m, language)}</figure>`,
      kindTable,
      '</section>',
    ].join('\n');
  });

  const stamp = new Intl.DateTimeFormat(`${language}-u-nu-latn`, { dateStyle: 'long', timeStyle: 'short', timeZone: report.query.timeZone }).format(generatedAt);
  const header = [
    `<h1>${escapeHtml(t('report.title'))}</h1>`,
    `<p>${escapeHtml(periodText(report, language))}</p>`,
    `<p>${escapeHtml(report.kiosks.length ? t('report.devices', { list: report.kiosks.join(', ') }) : t('report.noDevice'))}</p>`,
    `<p class="note">${escapeHtml(t('report.source', { source: report.source, lines: report.lines, zone: report.query.timeZone }))} — ${escapeHtml(stamp)}</p>`,
    report.unreadable ? `<p class="warn">${escapeHtml(t('report.unread', { count: report.unreadable }))}</p>` : '',
    `<p class="note">${escapeHtml(t('report.trust'))}</p>`,
  ].join('\n');

  return [
    '<!DOCTYPE html>',
    `<html lang="${language}" dir="${directionOf(language)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${contentPolicy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${t('report.title')} — ${periodText(report, language)}`)}</title>`,
    `<style>${pageStyle}</style>`,
    '</head>',
    '<body><main>',
    `<header>${header}</header>`,
    `<section aria-labelledby="h-summary"><h2 id="h-summary">${escapeHtml(t('report.summary'))}</h2>\n${summary}</section>`,
    ...sections,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}

/** One measure by day, a stacked bar per device, drawn by ECharts into an SVG string (no DOM, no script). */
function chartSvg(report: AuditReport, measure: ReportMeasure, language: Language): string {
  const perDay = sumBy(
    report.cells.filter((c) => c.measure === measure),
    (c) => `${c.day}\u0000${c.kiosk}`,
  );
  const dayLabel = new Intl.DateTimeFormat(`${language}-u-nu-latn`, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: chartWidth, height: chartHeight });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'system-ui, Arial, sans-serif' },
      legend: { top: 0, data: report.kiosks },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: report.days.map((d) => dayLabel.format(Date.parse(`${d}T00:00:00Z`))) },
      yAxis: { type: 'value', minInterval: 1 },
      series: report.kiosks.map((kiosk) => ({
        name: kiosk,
        type: 'bar',
        stack: 'devices',
        silent: true,
        data: report.days.map((d) => perDay.get(`${d}\u0000${kiosk}`) ?? 0),
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
