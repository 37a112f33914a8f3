// The 统计 tab: case statistics (GET api/statistics) as small SVG bar charts, ledger downloads, and
// 类案 case groups (stored groups and suggestions) listed and drawn on the map. Kept in one module
// with its own labels so that the shared files (main.ts, i18n.ts, index.html) change by a line each.

import './statistics.css';
import Feature from 'ol/Feature';
import VectorLayer from 'ol/layer/Vector';
import VectorSource from 'ol/source/Vector';
import { LineString, Point, Polygon } from 'ol/geom';
import { fromLonLat } from 'ol/proj';
import { boundingExtent, buffer } from 'ol/extent';
import { Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';
import type { Coordinate } from 'ol/coordinate';
import { state } from './app';
import { fitExtent, map } from './mapview';
import { formatNumber, lang, onLangChange, subjectLabel } from './i18n';
import { showError } from './toast';
import { token } from './auth';
import { download } from './api';

/** One row of GET api/statistics (StatisticsRow on the server); rates are fractions in [0, 1] or null. */
export interface StatisticsRow {
  unit: string;
  period: string;
  received: number;
  accepted: number;
  timelyAcceptanceRate: number | null;
  concluded: number;
  onTimeConclusionRate: number | null;
  evaluated: number;
  participationRate: number | null;
  satisfied: number;
  satisfactionRate: number | null;
  averageProcessingDays: number | null;
  resolutionRate: number | null;
  overdue: number;
  rebounds: number;
  repeats: number;
  repeatRate: number | null;
}

/** A stored 类案 group (GroupDto) or a suggestion (GroupSuggestion: no id, name or creator). */
export interface CaseGroup {
  id?: number;
  name?: string;
  causeKind: string;
  causeRef: string | null;
  petitionIds: number[];
  caseNos: string[];
}

type Grouping = 'subject' | 'channel' | 'unit';

const labels = {
  zh: {
    tab: '统计',
    title: '案件统计',
    groupBy: '分组',
    bySubject: '按事项类别',
    byChannel: '按来源渠道',
    byUnit: '按行政区',
    refresh: '刷新',
    received: '登记',
    accepted: '受理',
    concluded: '办结',
    overdue: '超期',
    timely: '及时受理率',
    onTime: '按期办结率',
    satisfaction: '满意率',
    participation: '参评率',
    avgDays: '平均办理天数',
    resolution: '化解率',
    repeat: '重复信访率',
    receivedByGroup: '登记件数',
    onTimeByGroup: '按期办结率',
    monthly: '每月登记件数',
    notAssessable: '暂无可评估案件',
    asOf: '截至 {d}',
    ledger: '台账导出',
    groups: '类案',
    showGroups: '在地图上显示类案',
    stored: '已建类案',
    suggested: '建议归并',
    noGroups: '暂无类案',
    members: '{n} 件',
    causes: { approval_batch: '同一批次', project: '同一项目', spatial_cluster: '同一区域同类事项', other: '其他' } as Record<string, string>,
  },
  en: {
    tab: 'Statistics',
    title: 'Case statistics',
    groupBy: 'Group by',
    bySubject: 'Subject',
    byChannel: 'Channel',
    byUnit: 'Administrative unit',
    refresh: 'Refresh',
    received: 'Received',
    accepted: 'Accepted',
    concluded: 'Concluded',
    overdue: 'Overdue',
    timely: 'Timely acceptance',
    onTime: 'Concluded on time',
    satisfaction: 'Satisfaction',
    participation: 'Evaluated',
    avgDays: 'Average days',
    resolution: 'Resolution rate',
    repeat: 'Repeat rate',
    receivedByGroup: 'Received',
    onTimeByGroup: 'Concluded on time',
    monthly: 'Received per month',
    notAssessable: 'nothing to assess yet',
    asOf: 'as of {d}',
    ledger: 'Ledger export',
    groups: 'Case groups',
    showGroups: 'Show case groups on the map',
    stored: 'Case groups',
    suggested: 'Suggested groups',
    noGroups: 'No case groups',
    members: '{n} cases',
    causes: { approval_batch: 'same approval batch', project: 'same project', spatial_cluster: 'same subject nearby', other: 'other' } as Record<string, string>,
  },
};

function L(): (typeof labels)['zh'] {
  return lang() === 'en' ? labels.en : labels.zh;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function html<K extends keyof HTMLElementTagNameMap>(name: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  return el;
}

function percent(v: number | null): string {
  return v === null ? '—' : `${formatNumber(v * 100, 1)}%`;
}

export interface Bar {
  label: string;
  value: number | null;
  display: string;
}

/**
 * A horizontal bar chart as SVG: one row per item with its label, a bar scaled to <paramref name="max"/>
 * (or the largest value) and the value as text. A null value draws no bar and says so.
 */
export function barChart(title: string, bars: Bar[], testId: string, max?: number): HTMLElement {
  const figure = html('figure', { class: 'stats-chart', 'data-testid': testId });
  figure.append(html('figcaption', {}, title));
  const width = 300;
  const row = 22;
  const labelW = 96;
  const valueW = 54;
  const barW = width - labelW - valueW - 8;
  const top = Math.max(1, max ?? Math.max(0, ...bars.map((b) => b.value ?? 0)));
  const chart = svg('svg', { viewBox: `0 0 ${width} ${Math.max(1, bars.length) * row}`, width, height: Math.max(1, bars.length) * row, role: 'img' });
  chart.append(svg('title', {}, title));
  bars.forEach((b, i) => {
    const y = i * row;
    const g = svg('g', { class: 'bar', 'data-label': b.label, 'data-value': b.value === null ? '' : b.value });
    g.append(svg('text', { x: labelW - 6, y: y + 15, 'text-anchor': 'end', class: 'bar-label' }, b.label.length > 9 ? b.label.slice(0, 8) + '…' : b.label));
    g.append(svg('rect', { x: labelW, y: y + 4, width: barW, height: row - 8, class: 'bar-track', rx: 2 }));
    if (b.value !== null) {
      const w = Math.max(b.value > 0 ? 1.5 : 0, (b.value / top) * barW);
      g.append(svg('rect', { x: labelW, y: y + 4, width: w.toFixed(1), height: row - 8, class: 'bar-fill', rx: 2 }));
    }
    g.append(svg('text', { x: labelW + barW + 6, y: y + 15, class: 'bar-value' }, b.display));
    const tip = svg('title', {}, `${b.label}: ${b.display}`);
    g.append(tip);
    chart.append(g);
  });
  figure.append(chart);
  return figure;
}

/** A column chart as SVG (periods along the bottom), for the monthly trend. */
export function columnChart(title: string, bars: Bar[], testId: string): HTMLElement {
  const figure = html('figure', { class: 'stats-chart', 'data-testid': testId });
  figure.append(html('figcaption', {}, title));
  const width = 300;
  const height = 120;
  const bottom = 18;
  const gap = 4;
  const top = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const colW = bars.length === 0 ? 0 : Math.min(40, (width - gap * (bars.length + 1)) / bars.length);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  chart.append(svg('title', {}, title));
  chart.append(svg('line', { x1: 0, x2: width, y1: height - bottom + 0.5, y2: height - bottom + 0.5, class: 'axis' }));
  bars.forEach((b, i) => {
    const x = gap + i * (colW + gap);
    const h = ((b.value ?? 0) / top) * (height - bottom - 16);
    const g = svg('g', { class: 'bar', 'data-label': b.label, 'data-value': b.value ?? '' });
    g.append(svg('rect', { x: x.toFixed(1), y: (height - bottom - h).toFixed(1), width: colW.toFixed(1), height: h.toFixed(1), class: 'bar-fill', rx: 2 }));
    g.append(svg('text', { x: (x + colW / 2).toFixed(1), y: (height - bottom - h - 3).toFixed(1), 'text-anchor': 'middle', class: 'bar-value' }, b.display));
    g.append(svg('text', { x: (x + colW / 2).toFixed(1), y: height - 5, 'text-anchor': 'middle', class: 'bar-label' }, b.label.slice(2)));
    g.append(svg('title', {}, `${b.label}: ${b.display}`));
    chart.append(g);
  });
  figure.append(chart);
  return figure;
}

// ---- data ------------------------------------------------------------------------------------------

/** Request headers with the signed-in user's bearer token. */
function authHeaders(accept: string): Record<string, string> {
  const bearer = token();
  return bearer ? { Accept: accept, Authorization: `Bearer ${bearer}` } : { Accept: accept };
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: authHeaders('application/json') });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = [body.title, body.detail].filter(Boolean).join(' — ');
    } catch {
      // not JSON
    }
    throw new Error(`${detail} (HTTP ${response.status}, ${url})`);
  }
  return (await response.json()) as T;
}

let grouping: Grouping = 'subject';
let loaded: { asOf: string; total: StatisticsRow | null; groups: StatisticsRow[]; months: StatisticsRow[] } | null = null;
let groups: { stored: CaseGroup[]; suggested: CaseGroup[] } | null = null;

function groupLabel(row: StatisticsRow): string {
  if (grouping === 'subject') return subjectLabel(row.unit);
  return row.unit === '' ? '—' : row.unit;
}

async function loadStatistics(): Promise<void> {
  const [total, byGroup, months] = await Promise.all([
    getJson<{ asOf: string; rows: StatisticsRow[] }>('api/statistics?by=all&period=all'),
    getJson<{ rows: StatisticsRow[] }>(`api/statistics?by=${grouping}&period=all`),
    getJson<{ rows: StatisticsRow[] }>('api/statistics?by=all&period=month'),
  ]);
  loaded = { asOf: total.asOf, total: total.rows[0] ?? null, groups: byGroup.rows, months: months.rows.slice(-12) };
}

async function loadGroups(): Promise<void> {
  const [stored, suggested] = await Promise.all([getJson<CaseGroup[]>('api/case-groups'), getJson<CaseGroup[]>('api/case-groups/suggestions')]);
  groups = { stored, suggested };
}

// ---- map layer of case groups ------------------------------------------------------------------------

const groupSource = new VectorSource();

function groupStyle(feature: FeatureLike): Style[] {
  const suggested = feature.get('suggested') as boolean;
  const colour = suggested ? '230,119,0' : '132,94,247';
  const geometryType = feature.getGeometry()?.getType();
  const styles = [
    new Style({
      stroke: new Stroke({
        color: `rgba(${colour},${geometryType === 'Polygon' ? 0.95 : 0.35})`,
        width: geometryType === 'Polygon' ? 2 : 26,
        lineCap: 'round',
        lineJoin: 'round',
        lineDash: suggested && geometryType === 'Polygon' ? [8, 5] : undefined,
      }),
      fill: new Fill({ color: `rgba(${colour},0.16)` }),
    }),
  ];
  styles.push(
    new Style({
      text: new Text({
        text: feature.get('label') as string,
        font: '600 12px "Noto Sans CJK SC", sans-serif',
        fill: new Fill({ color: '#fff' }),
        stroke: new Stroke({ color: `rgb(${colour})`, width: 3 }),
        overflow: true,
        offsetY: -18,
      }),
      geometry: (f) => {
        const g = f.getGeometry();
        return g ? new Point(g.getType() === 'Polygon' ? (g as Polygon).getInteriorPoint().getCoordinates().slice(0, 2) : (g as LineString).getCoordinateAt(0.5)) : undefined;
      },
    }),
  );
  return styles;
}

/** 类案 groups drawn as the convex hull of their members (a capsule for two, a ring for one place). */
export const caseGroupLayer = new VectorLayer({ source: groupSource, zIndex: 58, visible: false, style: groupStyle, properties: { id: '__case_groups' } });
map.addLayer(caseGroupLayer);

/** Convex hull (Andrew's monotone chain) of map coordinates. */
function hull(points: Coordinate[]): Coordinate[] {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o: Coordinate, a: Coordinate, b: Coordinate) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: Coordinate[] = [];
  for (const c of p) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], c) <= 0) lower.pop();
    lower.push(c);
  }
  const upper: Coordinate[] = [];
  for (const c of p.reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], c) <= 0) upper.pop();
    upper.push(c);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

function memberCoordinates(group: CaseGroup): Coordinate[] {
  return group.petitionIds
    .map((id) => state.petitionsById[id])
    .filter((p) => p && Number.isFinite(p.lon) && Number.isFinite(p.lat))
    .map((p) => fromLonLat([p.lon, p.lat]));
}

function groupName(group: CaseGroup): string {
  return group.name ?? `${L().causes[group.causeKind] ?? group.causeKind}${group.causeRef ? ` · ${subjectLabel(group.causeRef)}` : ''}`;
}

function groupFeature(group: CaseGroup, suggested: boolean, key: string): Feature | null {
  const coords = memberCoordinates(group);
  if (coords.length === 0) return null;
  const ring = hull(coords);
  const geometry =
    ring.length >= 3 ? new Polygon([[...ring, ring[0]]]) : new LineString(ring.length === 2 ? ring : [coords[0], [coords[0][0] + 0.01, coords[0][1]]]);
  const feature = new Feature({ geometry, suggested, label: `${groupName(group)} (${group.petitionIds.length})` });
  feature.setId(key);
  return feature;
}

function drawGroups(): void {
  groupSource.clear();
  if (!groups) return;
  const features = [
    ...groups.stored.map((g) => groupFeature(g, false, `group-${g.id}`)),
    ...groups.suggested.map((g, i) => groupFeature(g, true, `suggestion-${i}`)),
  ].filter((f): f is Feature => f !== null);
  groupSource.addFeatures(features);
}

function zoomToGroup(group: CaseGroup): void {
  const coords = memberCoordinates(group);
  if (coords.length > 0) fitExtent(buffer(boundingExtent(coords), 150), 17, 300);
}

// ---- rendering ----------------------------------------------------------------------------------------

let pane: HTMLElement;

function render(): void {
  const l = L();
  const tab = document.querySelector<HTMLElement>('.tab[data-tab="stats"]');
  if (tab) tab.textContent = l.tab;
  pane.replaceChildren();

  const head = html('div', { class: 'stats-head' });
  head.append(html('h3', {}, l.title));
  if (loaded) head.append(html('span', { class: 'stats-asof', 'data-testid': 'stats-asof' }, l.asOf.replace('{d}', loaded.asOf)));
  pane.append(head);

  const controls = html('div', { class: 'filter-row stats-controls' });
  const select = html('select', { 'data-testid': 'stats-grouping', 'aria-label': l.groupBy });
  for (const [value, text] of [
    ['subject', l.bySubject],
    ['channel', l.byChannel],
    ['unit', l.byUnit],
  ] as const) {
    const option = html('option', { value }, text);
    option.selected = grouping === value;
    select.append(option);
  }
  select.addEventListener('change', () => {
    grouping = select.value as Grouping;
    void refresh();
  });
  const again = html('button', { class: 'tool', 'data-testid': 'stats-refresh' }, l.refresh);
  again.addEventListener('click', () => void refresh());
  controls.append(select, again);
  pane.append(controls);

  if (loaded) {
    const t = loaded.total;
    const tiles = html('div', { class: 'stats-tiles', 'data-testid': 'stats-summary' });
    const tile = (key: string, label: string, value: string) => {
      const box = html('div', { class: 'stats-tile', 'data-metric': key });
      box.append(html('div', { class: 'stats-tile-value' }, value), html('div', { class: 'stats-tile-label' }, label));
      tiles.append(box);
    };
    tile('received', l.received, formatNumber(t?.received ?? 0));
    tile('accepted', l.accepted, formatNumber(t?.accepted ?? 0));
    tile('concluded', l.concluded, formatNumber(t?.concluded ?? 0));
    tile('overdue', l.overdue, formatNumber(t?.overdue ?? 0));
    tile('timelyAcceptanceRate', l.timely, percent(t?.timelyAcceptanceRate ?? null));
    tile('onTimeConclusionRate', l.onTime, percent(t?.onTimeConclusionRate ?? null));
    tile('satisfactionRate', l.satisfaction, percent(t?.satisfactionRate ?? null));
    tile('averageProcessingDays', l.avgDays, t?.averageProcessingDays == null ? '—' : formatNumber(t.averageProcessingDays, 1));
    tile('resolutionRate', l.resolution, percent(t?.resolutionRate ?? null));
    pane.append(tiles);

    pane.append(
      barChart(
        l.receivedByGroup,
        loaded.groups.map((r) => ({ label: groupLabel(r), value: r.received, display: formatNumber(r.received) })),
        'chart-received',
      ),
    );
    pane.append(
      barChart(
        l.onTimeByGroup,
        loaded.groups.map((r) => ({ label: groupLabel(r), value: r.onTimeConclusionRate, display: r.onTimeConclusionRate === null ? l.notAssessable : percent(r.onTimeConclusionRate) })),
        'chart-on-time',
        1,
      ),
    );
    pane.append(columnChart(l.monthly, loaded.months.map((r) => ({ label: r.period, value: r.received, display: formatNumber(r.received) })), 'chart-monthly'));
  }

  const ledger = html('div', { class: 'stats-ledger' });
  ledger.append(html('span', {}, l.ledger));
  for (const format of ['xlsx', 'csv']) {
    const link = html('a', { href: `api/ledger?format=${format}`, download: '', 'data-testid': `ledger-${format}`, class: 'link' }, format.toUpperCase());
    link.addEventListener('click', (e) => {
      e.preventDefault();
      download(link.getAttribute('href')!, `ledger.${format}`).catch((err: unknown) => showError(l.ledger, err));
    });
    ledger.append(link);
  }
  pane.append(ledger);

  const groupHead = html('div', { class: 'stats-head' });
  groupHead.append(html('h3', {}, l.groups));
  pane.append(groupHead);
  const toggle = html('label', { class: 'check' });
  const box = html('input', { type: 'checkbox', 'data-testid': 'show-case-groups' });
  box.checked = caseGroupLayer.getVisible();
  box.addEventListener('change', () => void showGroups(box.checked));
  toggle.append(box, html('span', {}, l.showGroups));
  pane.append(toggle);
  if (groups) {
    const list = html('ul', { class: 'stats-groups', 'data-testid': 'case-group-list' });
    const item = (g: CaseGroup, suggested: boolean) => {
      const li = html('li', { 'data-testid': suggested ? 'case-group-suggestion' : 'case-group', class: suggested ? 'suggested' : '' });
      li.append(html('strong', {}, groupName(g)), html('span', { class: 'muted' }, ` · ${l.members.replace('{n}', String(g.petitionIds.length))}`));
      li.append(html('div', { class: 'muted small' }, g.caseNos.join('、')));
      li.addEventListener('click', () => zoomToGroup(g));
      list.append(li);
    };
    if (groups.stored.length + groups.suggested.length === 0) list.append(html('li', { class: 'muted' }, l.noGroups));
    if (groups.stored.length > 0) list.append(html('li', { class: 'stats-subhead' }, l.stored));
    groups.stored.forEach((g) => item(g, false));
    if (groups.suggested.length > 0) list.append(html('li', { class: 'stats-subhead' }, l.suggested));
    groups.suggested.forEach((g) => item(g, true));
    pane.append(list);
  }
}

async function refresh(): Promise<void> {
  try {
    await Promise.all([loadStatistics(), caseGroupLayer.getVisible() ? loadGroups() : Promise.resolve()]);
    drawGroups();
  } catch (e) {
    showError(L().title, e);
  }
  render();
  pane.dataset.loaded = 'true';
}

async function showGroups(visible: boolean): Promise<void> {
  caseGroupLayer.setVisible(visible);
  if (visible) {
    try {
      await loadGroups();
      drawGroups();
    } catch (e) {
      showError(L().groups, e);
    }
  }
  render();
}

/** Wires the 统计 tab: statistics load the first time the tab is opened (nothing is fetched at start-up). */
export function initStatistics(): void {
  pane = document.getElementById('tab-stats')!;
  render();
  document.querySelector('.tab[data-tab="stats"]')?.addEventListener('click', () => {
    if (!loaded) void refresh();
  });
  onLangChange(render);
  // A read-only handle for the browser tests: the case-group features drawn on the map.
  (window as unknown as { geopetitionStatistics: unknown }).geopetitionStatistics = {
    groupFeatures: () => groupSource.getFeatures().map((f) => ({ id: String(f.getId()), type: f.getGeometry()?.getType(), label: f.get('label') as string })),
  };
}
