// Measure tool: distance and area on the sphere (ol/sphere getLength/getArea in EPSG:3857 map
// coordinates), areas in m², 亩 (1 亩 = 666.67 m²) and hectares.

import Draw from 'ol/interaction/Draw';
import Overlay from 'ol/Overlay';
import { LineString, Polygon } from 'ol/geom';
import { getArea, getLength } from 'ol/sphere';
import { unByKey } from 'ol/Observable';
import type { EventsKey } from 'ol/events';
import { formatNumber, t } from './i18n';
import { map, measureLayer } from './mapview';
import { measureStyle } from './styles';

let draw: Draw | null = null;
const overlays: Overlay[] = [];
const listeners: Array<(mode: 'length' | 'area' | null) => void> = [];

export function onMeasureChange(l: (mode: 'length' | 'area' | null) => void): void {
  listeners.push(l);
}

export function isMeasuring(): boolean {
  return draw !== null;
}

export function formatLength(m: number): string {
  return m >= 1000 ? `${formatNumber(m / 1000, 3)} km` : `${formatNumber(m, 1)} m`;
}

export function formatMeasuredArea(m2: number): string {
  const mu = m2 / 666.6667;
  const ha = m2 / 10000;
  return `${formatNumber(m2, 1)} m² · ${formatNumber(mu, 2)} ${t('mu')} · ${formatNumber(ha, 4)} ${t('ha')}`;
}

function label(text: string): Overlay {
  const el = document.createElement('div');
  el.className = 'measure-label';
  el.textContent = text;
  const o = new Overlay({ element: el, positioning: 'bottom-center', offset: [0, -8], stopEvent: false });
  map.addOverlay(o);
  overlays.push(o);
  return o;
}

export function stopMeasure(): void {
  if (draw) map.removeInteraction(draw);
  draw = null;
  document.getElementById('measure-readout')!.hidden = true;
  listeners.forEach((l) => l(null));
}

export function clearMeasure(): void {
  stopMeasure();
  measureLayer.getSource()!.clear();
  overlays.splice(0).forEach((o) => map.removeOverlay(o));
}

export function startMeasure(mode: 'length' | 'area'): void {
  stopMeasure();
  const readout = document.getElementById('measure-readout')!;
  readout.hidden = false;
  readout.textContent = mode === 'length' ? t('measureLength') : t('measureArea');
  draw = new Draw({ source: measureLayer.getSource()!, type: mode === 'length' ? 'LineString' : 'Polygon', style: measureStyle });
  let key: EventsKey | null = null;
  let tip: Overlay | null = null;
  draw.on('drawstart', (e) => {
    tip = label('');
    const geometry = e.feature.getGeometry()!;
    key = geometry.on('change', () => {
      let text: string;
      let at: number[];
      if (geometry instanceof Polygon) {
        text = formatMeasuredArea(getArea(geometry));
        at = geometry.getInteriorPoint().getCoordinates();
      } else {
        const line = geometry as LineString;
        text = formatLength(getLength(line));
        at = line.getLastCoordinate();
      }
      readout.textContent = text;
      (tip!.getElement() as HTMLElement).textContent = text;
      tip!.setPosition(at);
    });
  });
  draw.on('drawend', () => {
    if (key) unByKey(key);
    key = null;
    tip = null;
  });
  map.addInteraction(draw);
  listeners.forEach((l) => l(mode));
}
