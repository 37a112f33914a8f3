// Draw to check: draw a point, line or polygon (or paste coordinates in EPSG:4490, a Gauss–Krüger
// zone or GCJ-02/BD-09), choose a claim type and run POST /api/verify; the result uses the same
// panel as a petition's verification. Pasted coordinates are sent in their own CRS: the server
// converts them (exactly, for GCJ-02/BD-09); the viewer converts only to preview them.

import Draw from 'ol/interaction/Draw';
import Feature from 'ol/Feature';
import { LineString, Point, Polygon } from 'ol/geom';
import type Geometry from 'ol/geom/Geometry';
import { getArea, getLength } from 'ol/sphere';
import { toLonLat, fromLonLat } from 'ol/proj';
import { api, type GeoJSON } from './api';
import { CLAIM_TYPES, formatNumber, lang, t } from './i18n';
import { drawnLayer, fitExtent, map } from './mapview';
import { bdToCgcs, fromGk, gcjToCgcs, GK_SYSTEMS, zone3Of } from './proj';
import { formatArea, showAdHocResult } from './panel';
import { showError, showInfo } from './toast';
import { drawnStyle } from './styles';

let draw: Draw | null = null;
/** What will be sent: coordinates in `crs` (lon/lat for drawn geometries). */
let pending: { geometry: GeoJSON; crs: string } | null = null;
const listeners: Array<(active: boolean) => void> = [];

export function onDrawActive(l: (active: boolean) => void): void {
  listeners.push(l);
}

export function isDrawing(): boolean {
  return draw !== null;
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** A map geometry (EPSG:3857) as GeoJSON lon/lat (EPSG:4490). */
function toLonLatGeoJson(g: Geometry): GeoJSON {
  const ll = (c: number[]) => toLonLat(c).map((v) => round(v, 8));
  if (g instanceof Point) return { type: 'Point', coordinates: ll(g.getCoordinates()) };
  if (g instanceof LineString) return { type: 'LineString', coordinates: g.getCoordinates().map(ll) };
  if (g instanceof Polygon) return { type: 'Polygon', coordinates: g.getCoordinates().map((ring) => ring.map(ll)) };
  throw new Error('unsupported geometry');
}

function describe(g: Geometry): string {
  if (g instanceof Polygon) return formatArea(getArea(g));
  if (g instanceof LineString) return `${formatNumber(getLength(g), 1)} m`;
  const [lon, lat] = toLonLat((g as Point).getCoordinates());
  return `${lon.toFixed(6)}, ${lat.toFixed(6)}`;
}

function setPending(feature: Feature, geometry: GeoJSON, crs: string): void {
  drawnLayer.getSource()!.clear();
  drawnLayer.getSource()!.addFeature(feature);
  pending = { geometry, crs };
  const g = feature.getGeometry()!;
  const info = document.getElementById('drawn-info')!;
  info.textContent = `${t('drawnGeometry')}：${describe(g)}${crs !== 'EPSG:4490' ? ` · ${crs}` : ''}`;
  info.dataset.area = g instanceof Polygon ? String(getArea(g)) : '';
  (document.getElementById('check-run') as HTMLButtonElement).disabled = false;
}

export function stopDrawing(): void {
  if (draw) map.removeInteraction(draw);
  draw = null;
  document.querySelectorAll('#tab-check .draw').forEach((b) => b.classList.remove('active'));
  listeners.forEach((l) => l(false));
}

function startDrawing(type: 'Point' | 'LineString' | 'Polygon', button: HTMLElement): void {
  stopDrawing();
  draw = new Draw({ source: undefined, type, style: drawnStyle });
  draw.on('drawend', (e) => {
    const g = e.feature.getGeometry()!;
    setPending(new Feature({ geometry: g }), toLonLatGeoJson(g), 'EPSG:4490');
    // Let the click that ended the drawing finish before the interaction goes away.
    setTimeout(stopDrawing, 0);
  });
  map.addInteraction(draw);
  button.classList.add('active');
  listeners.forEach((l) => l(true));
}

// ---- pasted coordinates ----------------------------------------------------------------------

function fillCrsOptions(): void {
  const select = document.getElementById('paste-crs') as HTMLSelectElement;
  const keep = select.value;
  select.replaceChildren();
  const add = (value: string, label: string) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    select.append(o);
  };
  add('EPSG:4490', t('crs4490'));
  add('GCJ-02', t('crsGcj02'));
  add('BD-09', t('crsBd09'));
  const centre = toLonLat(map.getView().getCenter() ?? fromLonLat([105, 30]));
  const local = zone3Of(centre[0]);
  const zones = GK_SYSTEMS.filter((s) => s.width === 3).sort(
    (a, b) => Math.abs(a.zone - local) - Math.abs(b.zone - local) || Number(a.prefix) - Number(b.prefix),
  );
  for (const s of zones) {
    add(`EPSG:${s.epsg}`, `${t('crsGk3', { zone: s.zone })}${s.prefix ? t('crsGk3Prefix') : ''} · EPSG:${s.epsg}`);
  }
  select.value = keep || 'EPSG:4490';
  if (select.selectedIndex < 0) select.value = 'EPSG:4490';
}

/** Parses one coordinate pair per line ("a,b", "a b" or tab-separated). */
export function parsePairs(text: string): number[][] {
  const pairs: number[][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line) continue;
    const nums = line
      .split(/[\s,;，；]+/)
      .filter(Boolean)
      .map(Number);
    // A leading point label ("J1 3368000 518000") is ignored: the last two numbers are the pair.
    const pair = nums.slice(-2);
    if (pair.length < 2 || pair.some((v) => !Number.isFinite(v))) throw new Error(t('invalidPaste', { line }));
    pairs.push(pair);
  }
  if (!pairs.length) throw new Error(t('invalidPaste', { line: '' }));
  return pairs;
}

function applyPaste(): void {
  const crs = (document.getElementById('paste-crs') as HTMLSelectElement).value;
  const message = document.getElementById('paste-message')!;
  message.textContent = '';
  try {
    let pairs = parsePairs((document.getElementById('paste-text') as HTMLTextAreaElement).value);
    let toMap: (c: number[]) => number[];
    if (crs === 'EPSG:4490') toMap = (c) => fromLonLat(c);
    else if (crs === 'GCJ-02') toMap = (c) => fromLonLat(gcjToCgcs(c[0], c[1]));
    else if (crs === 'BD-09') toMap = (c) => fromLonLat(bdToCgcs(c[0], c[1]));
    else {
      const epsg = Number(crs.split(':')[1]);
      // Northings in China have 7 digits; eastings 6 (no prefix) or 8 (with the zone prefix). A pair
      // given northing first (X, Y in survey notation) is recognised by its ranges and swapped.
      const isNorthing = (v: number) => v >= 1_000_000 && v < 10_000_000;
      if (pairs.every((p) => isNorthing(p[0]) && !isNorthing(p[1]))) {
        pairs = pairs.map(([n, e]) => [e, n]);
        message.textContent = t('swapped');
      }
      toMap = (c) => fromLonLat(fromGk(c[0], c[1], epsg));
    }
    const closed = pairs.length >= 4 && pairs[0][0] === pairs[pairs.length - 1][0] && pairs[0][1] === pairs[pairs.length - 1][1];
    let geometry: GeoJSON;
    let mapGeometry: Geometry;
    if (pairs.length === 1) {
      geometry = { type: 'Point', coordinates: pairs[0] };
      mapGeometry = new Point(toMap(pairs[0]));
    } else if (closed) {
      geometry = { type: 'Polygon', coordinates: [pairs] };
      mapGeometry = new Polygon([pairs.map(toMap)]);
    } else {
      geometry = { type: 'LineString', coordinates: pairs };
      mapGeometry = new LineString(pairs.map(toMap));
    }
    setPending(new Feature({ geometry: mapGeometry }), geometry, crs);
    fitExtent(mapGeometry.getExtent(), 17, 300);
  } catch (e) {
    message.textContent = (e as Error).message;
  }
}

// ---- run ---------------------------------------------------------------------------------------

async function run(): Promise<void> {
  if (!pending) return;
  const claimType = (document.getElementById('check-claim') as HTMLSelectElement).value;
  const button = document.getElementById('check-run') as HTMLButtonElement;
  button.disabled = true;
  button.textContent = t('running');
  try {
    const result = await api.verifyAdHoc({ geometry: pending.geometry, crs: pending.crs, accuracy: 'drawn', claimType });
    showAdHocResult(result, claimType, document.getElementById('drawn-info')!.textContent ?? '');
  } catch (e) {
    showError(t('errorVerify'), e);
  } finally {
    button.disabled = false;
    button.textContent = t('runCheck');
  }
}

function fillClaimTypes(): void {
  const select = document.getElementById('check-claim') as HTMLSelectElement;
  const keep = select.value;
  select.replaceChildren();
  for (const c of CLAIM_TYPES) {
    const o = document.createElement('option');
    o.value = c.api;
    o.textContent = lang() === 'zh' ? c.zh : c.en;
    select.append(o);
  }
  select.value = keep || 'illegal_occupation';
}

export function renderCheckLabels(): void {
  fillClaimTypes();
  fillCrsOptions();
}

export function initCheck(): void {
  renderCheckLabels();
  document.querySelectorAll<HTMLButtonElement>('#tab-check .draw').forEach((b) =>
    b.addEventListener('click', () => {
      if (b.classList.contains('active')) stopDrawing();
      else startDrawing(b.dataset.draw as 'Point' | 'LineString' | 'Polygon', b);
    }),
  );
  document.getElementById('draw-clear')!.addEventListener('click', () => {
    stopDrawing();
    drawnLayer.getSource()!.clear();
    pending = null;
    document.getElementById('drawn-info')!.textContent = '';
    (document.getElementById('check-run') as HTMLButtonElement).disabled = true;
  });
  document.getElementById('paste-apply')!.addEventListener('click', applyPaste);
  document.getElementById('paste-box')!.addEventListener('toggle', fillCrsOptions);
  document.getElementById('check-run')!.addEventListener('click', () => void run());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && draw) {
      stopDrawing();
      showInfo(t('drawClear'));
    }
  });
}
