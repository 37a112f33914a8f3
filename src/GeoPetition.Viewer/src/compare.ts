// Before/after swipe: two scenes on one map, the earlier one clipped to the left of a draggable
// line (canvas clip in prerender), with both acquisition dates shown.

import TileLayer from 'ol/layer/Tile';
import { getRenderPixel } from 'ol/render';
import type RenderEvent from 'ol/render/Event';
import type { SceneDto } from './api';
import { sortedScenes } from './app';
import { t } from './i18n';
import { imageryLayer, map, onSceneZoomCap, sceneExtent, sceneSource } from './mapview';

const beforeLayer = new TileLayer({ zIndex: 3, visible: false, properties: { id: '__swipe_before' } });
const afterLayer = new TileLayer({ zIndex: 2, visible: false, properties: { id: '__swipe_after' } });
let position = 0.5;
let active = false;
let current: { before: SceneDto; after: SceneDto } | null = null;
const listeners: Array<(on: boolean) => void> = [];

export function isComparing(): boolean {
  return active;
}

export function onCompareChange(l: (on: boolean) => void): void {
  listeners.push(l);
}

function clip(event: RenderEvent): void {
  const ctx = event.context as CanvasRenderingContext2D;
  const size = map.getSize();
  if (!size) return;
  const width = size[0] * position;
  const tl = getRenderPixel(event, [0, 0]);
  const tr = getRenderPixel(event, [width, 0]);
  const bl = getRenderPixel(event, [0, size[1]]);
  const br = getRenderPixel(event, [width, size[1]]);
  ctx.save();
  ctx.beginPath();
  ctx.moveTo(tl[0], tl[1]);
  ctx.lineTo(bl[0], bl[1]);
  ctx.lineTo(br[0], br[1]);
  ctx.lineTo(tr[0], tr[1]);
  ctx.closePath();
  ctx.clip();
}

function restore(event: RenderEvent): void {
  (event.context as CanvasRenderingContext2D).restore();
}

function sceneLabel(scene: SceneDto, side: 'before' | 'after'): DocumentFragment {
  const f = document.createDocumentFragment();
  f.append(`${side === 'before' ? t('swipeBefore') : t('swipeAfter')} `);
  const b = document.createElement('b');
  b.textContent = scene.acquisitionDate;
  b.dataset.testid = `swipe-${side}-date`;
  f.append(b, document.createElement('br'));
  const meta = [scene.sensor, scene.resolutionM ? `${scene.resolutionM} m` : null, scene.cloudPct !== null ? `${t('cloud')} ${scene.cloudPct}%` : null]
    .filter(Boolean)
    .join(' · ');
  const small = document.createElement('small');
  small.textContent = `${scene.sceneId}${meta ? ' · ' + meta : ''}`;
  f.append(small);
  return f;
}

function fillSelect(select: HTMLSelectElement, selected: SceneDto): void {
  select.replaceChildren();
  for (const s of sortedScenes().filter((x) => x.tiles)) {
    const o = document.createElement('option');
    o.value = s.sceneId;
    o.textContent = [s.acquisitionDate, s.sensor, s.resolutionM ? `${s.resolutionM} m` : null].filter(Boolean).join(' · ');
    o.title = s.sceneId;
    select.append(o);
  }
  select.value = selected.sceneId;
}

function render(): void {
  if (!current) return;
  const left = document.getElementById('swipe-left')!;
  const right = document.getElementById('swipe-right')!;
  left.replaceChildren(sceneLabel(current.before, 'before'));
  right.replaceChildren(sceneLabel(current.after, 'after'));
  fillSelect(document.getElementById('swipe-before-select') as HTMLSelectElement, current.before);
  fillSelect(document.getElementById('swipe-after-select') as HTMLSelectElement, current.after);
  document.getElementById('swipe-line')!.style.left = `${position * 100}%`;
}

export function startCompare(before: SceneDto, after: SceneDto): void {
  current = { before, after };
  beforeLayer.setSource(sceneSource(before));
  beforeLayer.setExtent(sceneExtent(before));
  afterLayer.setSource(sceneSource(after));
  afterLayer.setExtent(sceneExtent(after));
  beforeLayer.setVisible(true);
  afterLayer.setVisible(true);
  if (!active) {
    imageryLayer.set('hiddenByCompare', imageryLayer.getVisible());
    imageryLayer.setVisible(false);
  }
  active = true;
  document.getElementById('swipe')!.hidden = false;
  render();
  map.render();
  listeners.forEach((l) => l(true));
}

export function stopCompare(): void {
  if (!active) return;
  active = false;
  beforeLayer.setVisible(false);
  afterLayer.setVisible(false);
  if (imageryLayer.get('hiddenByCompare')) imageryLayer.setVisible(true);
  document.getElementById('swipe')!.hidden = true;
  listeners.forEach((l) => l(false));
}

/** Re-renders the date labels (after a language switch). */
export function rerenderCompare(): void {
  if (active) render();
}

export function initCompare(): void {
  onSceneZoomCap((sceneId) => {
    if (active && current && (current.before.sceneId === sceneId || current.after.sceneId === sceneId)) startCompare(current.before, current.after);
  });
  map.addLayer(afterLayer);
  map.addLayer(beforeLayer);
  beforeLayer.on('prerender', clip);
  beforeLayer.on('postrender', restore);

  const line = document.getElementById('swipe-line')!;
  let dragging = false;
  line.addEventListener('pointerdown', (e) => {
    dragging = true;
    line.setPointerCapture(e.pointerId);
  });
  line.addEventListener('pointermove', (e) => {
    if (!dragging) return;
    const rect = map.getTargetElement()!.getBoundingClientRect();
    position = Math.max(0.02, Math.min(0.98, (e.clientX - rect.left) / rect.width));
    line.style.left = `${position * 100}%`;
    map.render();
  });
  line.addEventListener('pointerup', () => (dragging = false));

  const pick = (id: string) => sortedScenes().find((s) => s.sceneId === id);
  (document.getElementById('swipe-before-select') as HTMLSelectElement).addEventListener('change', (e) => {
    const s = pick((e.target as HTMLSelectElement).value);
    if (s && current) startCompare(s, current.after);
  });
  (document.getElementById('swipe-after-select') as HTMLSelectElement).addEventListener('change', (e) => {
    const s = pick((e.target as HTMLSelectElement).value);
    if (s && current) startCompare(current.before, s);
  });
  document.getElementById('swipe-close')!.addEventListener('click', stopCompare);
}
