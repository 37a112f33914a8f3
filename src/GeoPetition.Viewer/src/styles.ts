// Map styles: one legend colour per layer kind, land-use classes after the GB/T 21010 first-level
// classes (colours in the spirit of the 三调 cartographic standard), and petition markers by finding.

import { Circle, Fill, Stroke, Style, Text } from 'ol/style';
import type { FeatureLike } from 'ol/Feature';

export interface KindStyle {
  stroke: string;
  fill: string;
  width: number;
  dash?: number[];
}

export const KIND_STYLES: Record<string, KindStyle> = {
  Jurisdiction: { stroke: '#f5f5f5', fill: 'rgba(0,0,0,0)', width: 1.6, dash: [8, 4, 2, 4] },
  ApprovalBatch: { stroke: '#2f7df6', fill: 'rgba(47,125,246,0.16)', width: 1.6 },
  LandSupply: { stroke: '#9b5de5', fill: 'rgba(155,93,229,0.16)', width: 1.4 },
  TemporaryLandUse: { stroke: '#f9c74f', fill: 'rgba(249,199,79,0.18)', width: 1.4, dash: [6, 3] },
  FacilityAgriculture: { stroke: '#90be6d', fill: 'rgba(144,190,109,0.2)', width: 1.2 },
  PermanentBasicFarmland: { stroke: '#f4d35e', fill: 'rgba(244,211,94,0.22)', width: 1 },
  EcologicalRedLine: { stroke: '#2a9d8f', fill: 'rgba(42,157,143,0.18)', width: 2, dash: [10, 4] },
  LandUse: { stroke: 'rgba(255,255,255,0.55)', fill: 'rgba(200,200,200,0.3)', width: 0.6 },
  RegisteredParcel: { stroke: '#ffb703', fill: 'rgba(255,183,3,0.06)', width: 0.9 },
  ChangeSpot: { stroke: '#ff2d55', fill: 'rgba(255,45,85,0.14)', width: 2 },
  ImageryScene: { stroke: '#8ecae6', fill: 'rgba(0,0,0,0)', width: 1, dash: [4, 4] },
};

export function kindStyle(kind: string): KindStyle {
  return KIND_STYLES[kind] ?? { stroke: '#cccccc', fill: 'rgba(200,200,200,0.2)', width: 1 };
}

/** GB/T 21010-2017 first-level classes: code prefix → colour. */
export const LAND_USE_CLASSES: Array<{ prefix: string; zh: string; en: string; color: string }> = [
  { prefix: '01', zh: '耕地', en: 'Cropland', color: '#f2e394' },
  { prefix: '02', zh: '园地', en: 'Orchard', color: '#d6a5c9' },
  { prefix: '03', zh: '林地', en: 'Forest', color: '#5e9e58' },
  { prefix: '04', zh: '草地', en: 'Grassland', color: '#a8d08d' },
  { prefix: '05', zh: '商业服务业用地', en: 'Commercial', color: '#e06c75' },
  { prefix: '06', zh: '工矿用地', en: 'Industrial & mining', color: '#b5838d' },
  { prefix: '07', zh: '住宅用地', en: 'Residential', color: '#f4a261' },
  { prefix: '08', zh: '公共管理与公共服务用地', en: 'Public services', color: '#e76f51' },
  { prefix: '09', zh: '特殊用地', en: 'Special', color: '#8d99ae' },
  { prefix: '10', zh: '交通运输用地', en: 'Transport', color: '#adb5bd' },
  { prefix: '11', zh: '水域及水利设施用地', en: 'Water', color: '#5fa8d3' },
  { prefix: '12', zh: '其他土地', en: 'Other land', color: '#ddd5c7' },
];

export const FINDING_COLORS: Record<string, string> = {
  Substantiated: '#e03131',
  PartlySubstantiated: '#f08c00',
  NotSubstantiated: '#2f9e44',
  FieldCheckNeeded: '#1c7ed6',
  Forward: '#868e96',
  StatutoryChannel: '#868e96',
};
export const UNVERIFIED_COLOR = '#ffffff';

export function findingColor(finding: string | null | undefined): string {
  return finding ? (FINDING_COLORS[finding] ?? '#868e96') : UNVERIFIED_COLOR;
}

function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

const styleCache = new Map<string, Style | Style[]>();

function cached(key: string, make: () => Style | Style[]): Style | Style[] {
  let s = styleCache.get(key);
  if (!s) {
    s = make();
    styleCache.set(key, s);
  }
  return s;
}

function polygonStyle(k: KindStyle, fill?: string): Style {
  return new Style({
    stroke: new Stroke({ color: k.stroke, width: k.width, lineDash: k.dash }),
    fill: new Fill({ color: fill ?? k.fill }),
  });
}

/** The style function of one vector layer of the given kind. */
export function layerStyle(kind: string): (feature: FeatureLike, resolution: number) => Style | Style[] | undefined {
  const k = kindStyle(kind);
  switch (kind) {
    case 'LandUse':
      return (feature) => {
        const code = String(feature.get('dlbm') ?? '').slice(0, 2);
        const cls = LAND_USE_CLASSES.find((c) => c.prefix === code);
        return cached(`lu:${code}`, () => polygonStyle(k, withAlpha(cls?.color ?? '#cccccc', 0.45)));
      };
    case 'Jurisdiction':
      return (feature, resolution) => {
        const level = String(feature.get('jb') ?? '');
        const code = String(feature.get('xzqdm') ?? '');
        const county = level === '县' || (code.length === 6 && !code.endsWith('00'));
        if (level === '省' || level === '市' || (code.length === 6 && code.endsWith('00'))) {
          return undefined;
        }
        const name = String(feature.get('xzqmc') ?? '');
        const showLabel = county ? resolution < 80 : resolution < 12;
        return cached(`j:${county}:${showLabel ? name : ''}`, () => [
          new Style({
            stroke: new Stroke({ color: 'rgba(0,0,0,0.45)', width: county ? 4.5 : 2.5 }),
          }),
          new Style({
            stroke: new Stroke({ color: county ? '#ffffff' : 'rgba(255,255,255,0.8)', width: county ? 2 : 1.1, lineDash: county ? undefined : [6, 4] }),
            text: showLabel
              ? new Text({
                  text: name,
                  font: `${county ? 600 : 500} ${county ? 15 : 12}px "Noto Sans CJK SC", "Microsoft YaHei", sans-serif`,
                  fill: new Fill({ color: '#ffffff' }),
                  stroke: new Stroke({ color: 'rgba(0,0,0,0.75)', width: 3 }),
                  overflow: true,
                })
              : undefined,
          }),
        ]);
      };
    case 'ChangeSpot':
      return (feature) => {
        const illegal = String(feature.get('pdjg') ?? '').includes('违法');
        return cached(`cs:${illegal}`, () =>
          polygonStyle({ ...k, stroke: illegal ? '#ff2d55' : '#ff8fab' }, illegal ? 'rgba(255,45,85,0.18)' : 'rgba(255,143,171,0.12)'),
        );
      };
    default:
      return () => cached(`k:${kind}`, () => polygonStyle(k));
  }
}

/** Petition marker: a pin-like circle coloured by the latest finding; larger when selected. */
export function petitionStyle(feature: FeatureLike, selected: boolean): Style[] {
  const finding = feature.get('finding') as string | null;
  const key = `p:${finding}:${selected}`;
  return cached(key, () => {
    const color = findingColor(finding);
    const r = selected ? 10 : 7;
    const styles = [
      new Style({
        image: new Circle({
          radius: r + 2,
          fill: new Fill({ color: 'rgba(0,0,0,0.35)' }),
        }),
        zIndex: selected ? 20 : 10,
      }),
      new Style({
        image: new Circle({
          radius: r,
          fill: new Fill({ color }),
          stroke: new Stroke({ color: finding ? '#ffffff' : '#343a40', width: selected ? 3 : 2 }),
        }),
        zIndex: selected ? 21 : 11,
      }),
    ];
    return styles;
  }) as Style[];
}

export const petitionAreaStyle = new Style({
  stroke: new Stroke({ color: '#00e5ff', width: 2.5, lineDash: [8, 5] }),
  fill: new Fill({ color: 'rgba(0,229,255,0.10)' }),
});

export const highlightStyle = [
  new Style({ stroke: new Stroke({ color: 'rgba(0,0,0,0.6)', width: 7 }) }),
  new Style({
    stroke: new Stroke({ color: '#ffe600', width: 3.5 }),
    fill: new Fill({ color: 'rgba(255,230,0,0.28)' }),
    image: new Circle({ radius: 9, stroke: new Stroke({ color: '#ffe600', width: 3 }), fill: new Fill({ color: 'rgba(255,230,0,0.3)' }) }),
  }),
];

export const drawnStyle = new Style({
  stroke: new Stroke({ color: '#ff6b00', width: 2.5 }),
  fill: new Fill({ color: 'rgba(255,107,0,0.15)' }),
  image: new Circle({ radius: 7, fill: new Fill({ color: '#ff6b00' }), stroke: new Stroke({ color: '#fff', width: 2 }) }),
});

export const measureStyle = new Style({
  stroke: new Stroke({ color: '#00e5ff', width: 2.5, lineDash: [10, 6] }),
  fill: new Fill({ color: 'rgba(0,229,255,0.15)' }),
  image: new Circle({ radius: 5, fill: new Fill({ color: '#00e5ff' }) }),
});
